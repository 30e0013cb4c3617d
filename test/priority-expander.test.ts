// The priority expander ConfigMap, read back the way cluster-autoscaler reads it: Go RE2 patterns (here
// Google's RE2 itself, compiled to WASM), unanchored search on the ASG name, highest priority wins.
import { RE2 } from "re2-wasm";
import { describe, expect, it } from "vitest";
import { anchoredPattern, expanderPriorities, matchPriority, priorityExpanderText, type RegexEngine } from "../components/autoscaler/priority-expander";
import { autoscalerObjects } from "../components/autoscaler/spec";
import { planNodeGroups, type NodeGroup } from "../components/node-pools/plan";
import { exampleClusters } from "./helpers/stacks";

/** Go's regexp.Compile + FindStringIndex: RE2 syntax, unanchored search. */
const re2: RegexEngine = (pattern) => new RE2(pattern, "u");

const clusters = exampleClusters();

describe("priority expander ConfigMap of every example stack", () => {
  it("has example stacks to check", () => expect(clusters.length).toBeGreaterThanOrEqual(3));

  for (const cluster of clusters) {
    describe(cluster.stack, () => {
      const groups = planNodeGroups(cluster);
      const text = priorityExpanderText(groups);
      const names = groups.map((g) => g.name);

      it("matches every ASG with exactly one pattern, at the ASG's own tier", () => {
        const selection = matchPriority(text, names, re2);
        for (const g of groups) {
          expect(selection.byAsg[g.name].matches, g.name).toHaveLength(1);
          expect(selection.byAsg[g.name].priority, g.name).toBe(g.tier);
        }
      });

      it("puts every spot ASG above every on-demand ASG, admin and monitoring included", () => {
        const { byAsg } = matchPriority(text, names, re2);
        const spot = groups.filter((g) => g.lifecycle === "spot").map((g) => byAsg[g.name].priority!);
        const onDemand = groups.filter((g) => g.lifecycle === "on-demand").map((g) => byAsg[g.name].priority!);
        expect(spot.length).toBeGreaterThan(0);
        expect(Math.min(...spot)).toBeGreaterThan(Math.max(...onDemand));
        for (const pool of ["admin", "monitoring"]) expect(groups.some((g) => g.pool === pool && byAsg[g.name].priority !== null)).toBe(true);
      });

      it("makes CA choose among the spot ASGs of a group first, then its on-demand ASGs", () => {
        for (const pool of new Set(groups.filter((g) => g.kind === "app").map((g) => g.pool))) {
          const own = groups.filter((g) => g.pool === pool);
          const spot = own.filter((g) => g.lifecycle === "spot").map((g) => g.name);
          const onDemand = own.filter((g) => g.lifecycle === "on-demand").map((g) => g.name);
          expect(matchPriority(text, [...onDemand, ...spot], re2).best.sort()).toEqual([...spot].sort());
          // Spot dry (backed off): only the on-demand fallbacks remain as options.
          expect(matchPriority(text, onDemand, re2).best.sort()).toEqual([...onDemand].sort());
        }
      });

      it("writes integer keys >= 0 once each, ascending, patterns anchored and sorted", () => {
        const keys = text.split("\n").filter((l) => /^\S/.test(l));
        keys.forEach((k) => expect(k).toMatch(/^[0-9]+:$/));
        const values = keys.map((k) => Number(k.slice(0, -1)));
        expect(values).toEqual([...new Set(values)].sort((a, b) => a - b));
        for (const [, patterns] of expanderPriorities(groups)) {
          expect(patterns).toEqual([...patterns].sort());
          patterns.forEach((p) => expect(p).toMatch(/^\^.*\$$/));
        }
      });

      it("does not depend on the order of the node groups", () => {
        expect(priorityExpanderText([...groups].reverse())).toBe(text);
      });

      it("is what the autoscaler objects ship", () => {
        expect(autoscalerObjects(cluster).priorityExpander.data).toEqual({ priorities: text });
      });
    });
  }
});

describe("reading a priorities document like cluster-autoscaler", () => {
  const cluster = clusters[0];
  const groups = planNodeGroups(cluster);
  const names = groups.map((g) => g.name);
  const text = priorityExpanderText(groups);

  it("rejects the whole ConfigMap when RE2 cannot compile one pattern, which JavaScript RegExp accepts", () => {
    const lookahead = `^(?=${names[0]})`;
    expect(() => new RegExp(lookahead)).not.toThrow();
    const broken = text.replace(`'${anchoredPattern(names[0])}'`, `'${lookahead}'`);
    expect(broken).not.toBe(text);
    expect(() => matchPriority(broken, names, re2)).toThrow(/can't compile regexp rule .*invalid perl operator/);
    expect(() => matchPriority(`10:\n  - '^a(b$'\n`, ["ab"], re2)).toThrow(/missing \)/);
  });

  it("searches unanchored, so only anchored patterns match one ASG", () => {
    const sel = matchPriority(`10:\n  - 'spot'\n20:\n  - '^spot$'\n`, ["my-nospot-group", "spot", "spot-2"], re2);
    expect(sel.byAsg["my-nospot-group"].priority).toBe(10);
    expect(sel.byAsg["spot"].matches.map((m) => m.priority)).toEqual([10, 20]);
    expect(sel.byAsg["spot"].priority).toBe(20);
    expect(sel.byAsg["spot-2"].priority).toBe(10);
    expect(sel.best).toEqual(["spot"]);
  });

  it("escapes dots: an anchored name matches itself only", () => {
    const doc = `5:\n  - '${anchoredPattern("a.b-c")}'\n`;
    const sel = matchPriority(doc, ["a.b-c", "axb-c", "a.b-c-d", "x-a.b-c"], re2);
    expect(Object.entries(sel.byAsg).filter(([, m]) => m.priority !== null).map(([n]) => n)).toEqual(["a.b-c"]);
  });

  it("leaves an ASG no pattern matches out, and never picks a priority below -1", () => {
    const sel = matchPriority(`-2:\n  - '^low$'\n-1:\n  - '^minus-one$'\n`, ["low", "minus-one", "other"], re2);
    expect(sel.byAsg.low.priority).toBeNull();
    expect(sel.byAsg.other.priority).toBeNull();
    expect(sel.best).toEqual(["minus-one"]);
  });

  it("rejects duplicate keys, non-integer keys and an empty document", () => {
    expect(() => matchPriority(`10:\n  - '^a$'\n10:\n  - '^b$'\n`, ["a"], re2)).toThrow(/parse YAML/);
    expect(() => matchPriority(`high:\n  - '^a$'\n`, ["a"], re2)).toThrow(/not an integer/);
    expect(() => matchPriority("", ["a"], re2)).toThrow(/empty/);
  });

  it("refuses to generate a negative priority", () => {
    const bad: NodeGroup = { ...groups[0], tier: -1 };
    expect(() => expanderPriorities([bad])).toThrow(/must be an integer >= 0/);
  });
});
