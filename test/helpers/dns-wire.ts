// A small DNS wire-format codec (RFC 1035) for the dnsmasq integration test: enough to build queries,
// answer them from stub upstreams, and read the answers back. Own code, test-only.
import { createSocket, type Socket } from "node:dgram";
import { createConnection, createServer, type Server } from "node:net";

export const TYPE = { A: 1, PTR: 12, AAAA: 28 } as const;
export const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;

export interface Question {
  name: string;
  type: number;
}

export interface Answer {
  name: string;
  type: number;
  ttl: number;
  /** A/AAAA: the address; PTR: the target name. */
  data: string;
}

export interface Message {
  id: number;
  rcode: number;
  question: Question;
  answers: Answer[];
}

function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/, "").split(".").filter(Boolean);
  return Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, "ascii")])), Buffer.from([0])]);
}

function decodeName(buf: Buffer, offset: number): { name: string; next: number } {
  const labels: string[] = [];
  let next = -1;
  for (let i = offset; ; ) {
    const len = buf[i];
    if (len === 0) {
      if (next < 0) next = i + 1;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      if (next < 0) next = i + 2;
      i = ((len & 0x3f) << 8) | buf[i + 1];
      continue;
    }
    labels.push(buf.toString("ascii", i + 1, i + 1 + len));
    i += len + 1;
  }
  return { name: labels.join("."), next };
}

export function encodeQuery(id: number, q: Question): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(0x0100, 2); // recursion desired
  header.writeUInt16BE(1, 4);
  const tail = Buffer.alloc(4);
  tail.writeUInt16BE(q.type, 0);
  tail.writeUInt16BE(1, 2);
  return Buffer.concat([header, encodeName(q.name), tail]);
}

function encodeRdata(a: Answer): Buffer {
  if (a.type === TYPE.A) return Buffer.from(a.data.split(".").map(Number));
  if (a.type === TYPE.AAAA) {
    const [head, tail = ""] = a.data.split("::");
    const h = head ? head.split(":") : [];
    const t = tail ? tail.split(":") : [];
    const groups = [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
    const b = Buffer.alloc(16);
    groups.forEach((g, i) => b.writeUInt16BE(parseInt(g, 16), i * 2));
    return b;
  }
  return encodeName(a.data);
}

export function encodeResponse(query: Buffer, rcode: number, answers: Answer[]): Buffer {
  const q = decodeMessage(query);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(q.id, 0);
  header.writeUInt16BE(0x8180 | rcode, 2); // response, RD, RA
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  const questionEnd = decodeName(query, 12).next + 4;
  const records = answers.map((a) => {
    const rdata = encodeRdata(a);
    const fixed = Buffer.alloc(10);
    fixed.writeUInt16BE(a.type, 0);
    fixed.writeUInt16BE(1, 2);
    fixed.writeUInt32BE(a.ttl, 4);
    fixed.writeUInt16BE(rdata.length, 8);
    return Buffer.concat([encodeName(a.name), fixed, rdata]);
  });
  return Buffer.concat([header, query.subarray(12, questionEnd), ...records]);
}

export function decodeMessage(buf: Buffer): Message {
  const id = buf.readUInt16BE(0);
  const rcode = buf.readUInt16BE(2) & 0x0f;
  const ancount = buf.readUInt16BE(6);
  const qn = decodeName(buf, 12);
  const question = { name: qn.name, type: buf.readUInt16BE(qn.next) };
  let offset = qn.next + 4;
  const answers: Answer[] = [];
  for (let i = 0; i < ancount; i++) {
    const n = decodeName(buf, offset);
    const type = buf.readUInt16BE(n.next);
    const ttl = buf.readUInt32BE(n.next + 4);
    const len = buf.readUInt16BE(n.next + 8);
    const start = n.next + 10;
    const rdata = buf.subarray(start, start + len);
    let data: string;
    if (type === TYPE.A) data = [...rdata].join(".");
    else if (type === TYPE.AAAA) data = Array.from({ length: 8 }, (_, j) => rdata.readUInt16BE(j * 2).toString(16)).join(":");
    else data = decodeName(buf, start).name;
    answers.push({ name: n.name, type, ttl, data });
    offset = start + len;
  }
  return { id, rcode, question, answers };
}

// ---- a stub upstream: answers from a function, over UDP and TCP, logging every question ----------

export interface Stub {
  log: Question[];
  close(): Promise<void>;
}

export async function startStub(host: string, port: number, answer: (q: Question) => { rcode: number; answers: Answer[] }): Promise<Stub> {
  const log: Question[] = [];
  const respond = (query: Buffer) => {
    const q = decodeMessage(query).question;
    log.push(q);
    const { rcode, answers } = answer(q);
    return encodeResponse(query, rcode, answers);
  };
  const udp: Socket = createSocket("udp4");
  udp.on("message", (msg, rinfo) => udp.send(respond(msg), rinfo.port, rinfo.address));
  await new Promise<void>((resolve, reject) => {
    udp.once("error", reject);
    udp.bind(port, host, () => resolve());
  });
  const tcp: Server = createServer((conn) => {
    let pending = Buffer.alloc(0);
    conn.on("data", (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        const len = pending.readUInt16BE(0);
        const reply = respond(pending.subarray(2, 2 + len));
        pending = pending.subarray(2 + len);
        const prefix = Buffer.alloc(2);
        prefix.writeUInt16BE(reply.length);
        conn.write(Buffer.concat([prefix, reply]));
      }
    });
    conn.on("error", () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once("error", reject);
    tcp.listen(port, host, () => resolve());
  });
  return {
    log,
    close: () =>
      new Promise<void>((resolve) => {
        udp.close();
        tcp.close(() => resolve());
      }),
  };
}

// ---- a client --------------------------------------------------------------------------------

let nextId = 1;

/** One UDP query; resolves to the answer, or to "timeout" after `timeoutMs`. */
export function queryUdp(host: string, port: number, q: Question, timeoutMs = 2000): Promise<Message | "timeout"> {
  return new Promise((resolve, reject) => {
    const socket = createSocket("udp4");
    const id = nextId++ & 0xffff;
    const timer = setTimeout(() => {
      socket.close();
      resolve("timeout");
    }, timeoutMs);
    socket.on("message", (msg) => {
      const m = decodeMessage(msg);
      if (m.id !== id) return;
      clearTimeout(timer);
      socket.close();
      resolve(m);
    });
    socket.on("error", (e) => {
      clearTimeout(timer);
      socket.close();
      reject(e);
    });
    socket.send(encodeQuery(id, q), port, host);
  });
}

/** One query over TCP (length-prefixed), as glibc does with `use-vc`. */
export function queryTcp(host: string, port: number, q: Question, timeoutMs = 2000): Promise<Message | "timeout"> {
  return new Promise((resolve, reject) => {
    const id = nextId++ & 0xffff;
    const body = encodeQuery(id, q);
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16BE(body.length);
    const conn = createConnection({ host, port }, () => conn.write(Buffer.concat([prefix, body])));
    let pending = Buffer.alloc(0);
    const timer = setTimeout(() => {
      conn.destroy();
      resolve("timeout");
    }, timeoutMs);
    conn.on("data", (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      if (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        clearTimeout(timer);
        conn.end();
        resolve(decodeMessage(pending.subarray(2, 2 + pending.readUInt16BE(0))));
      }
    });
    conn.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}
