// The EC2 instance types clusterkit knows, as plain data: vCPU, memory and architecture.
// The config rules use it to keep one vCPU count per ASG (cluster-autoscaler sizes a whole ASG from its
// first override) and to put the least-memory type first. Add a family here, in one line, to use it.

export type Architecture = "x86_64" | "arm64";

export interface InstanceType {
  name: string;
  vcpu: number;
  memoryGiB: number;
  architecture: Architecture;
}

const VCPU_BY_SIZE: Record<string, number> = {
  large: 2,
  xlarge: 4,
  "2xlarge": 8,
  "4xlarge": 16,
  "8xlarge": 32,
  "9xlarge": 36,
  "12xlarge": 48,
  "16xlarge": 64,
  "18xlarge": 72,
  "24xlarge": 96,
};

interface Family {
  architecture: Architecture;
  /** GiB per vCPU, for families with a fixed ratio. */
  gibPerVcpu?: number;
  /** Explicit GiB per size, for families without one (c5n). */
  memoryBySize?: Record<string, number>;
  sizes: string[];
}

const NITRO_SIZES = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"];
const C5_SIZES = ["large", "xlarge", "2xlarge", "4xlarge", "9xlarge", "12xlarge", "18xlarge", "24xlarge"];
const GRAVITON_SIZES = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"];

const x86 = (gibPerVcpu: number, sizes = NITRO_SIZES): Family => ({ architecture: "x86_64", gibPerVcpu, sizes });
const arm = (gibPerVcpu: number): Family => ({ architecture: "arm64", gibPerVcpu, sizes: GRAVITON_SIZES });

const FAMILIES: Record<string, Family> = {
  // compute optimised: 2 GiB per vCPU
  c5: x86(2, C5_SIZES),
  c5d: x86(2, C5_SIZES),
  c5a: x86(2),
  c5ad: x86(2),
  c6i: x86(2),
  c6id: x86(2),
  c6in: x86(2),
  c6a: x86(2),
  c7i: x86(2),
  c7a: x86(2),
  c5n: {
    architecture: "x86_64",
    memoryBySize: { large: 5.25, xlarge: 10.5, "2xlarge": 21, "4xlarge": 42, "9xlarge": 96, "18xlarge": 192 },
    sizes: ["large", "xlarge", "2xlarge", "4xlarge", "9xlarge", "18xlarge"],
  },
  // general purpose: 4 GiB per vCPU
  m5: x86(4),
  m5d: x86(4),
  m5a: x86(4),
  m5ad: x86(4),
  m5n: x86(4),
  m5dn: x86(4),
  m6i: x86(4),
  m6id: x86(4),
  m6a: x86(4),
  m7i: x86(4),
  m7a: x86(4),
  // memory optimised: 8 GiB per vCPU
  r5: x86(8),
  r5d: x86(8),
  r5a: x86(8),
  r5ad: x86(8),
  r5n: x86(8),
  r6i: x86(8),
  r6id: x86(8),
  r6a: x86(8),
  r7i: x86(8),
  r7a: x86(8),
  // Graviton
  c6g: arm(2),
  c7g: arm(2),
  m6g: arm(4),
  m7g: arm(4),
  r6g: arm(8),
  r7g: arm(8),
};

function buildCatalog(): ReadonlyMap<string, InstanceType> {
  const catalog = new Map<string, InstanceType>();
  for (const [family, spec] of Object.entries(FAMILIES)) {
    for (const size of spec.sizes) {
      const vcpu = VCPU_BY_SIZE[size];
      const memoryGiB = spec.memoryBySize?.[size] ?? vcpu * (spec.gibPerVcpu ?? 0);
      const name = `${family}.${size}`;
      catalog.set(name, { name, vcpu, memoryGiB, architecture: spec.architecture });
    }
  }
  return catalog;
}

export const INSTANCE_TYPES: ReadonlyMap<string, InstanceType> = buildCatalog();

export function lookupInstanceType(name: string): InstanceType | undefined {
  return INSTANCE_TYPES.get(name);
}

/** Least memory first, then by name: cluster-autoscaler builds its node template from the first override. */
export function byMemoryThenName(a: InstanceType, b: InstanceType): number {
  return a.memoryGiB - b.memoryGiB || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}
