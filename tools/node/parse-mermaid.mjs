// Parses Mermaid diagrams with Mermaid's own parser, as GitHub does before rendering them.
//
//   node tools/node/parse-mermaid.mjs FILE     (or the text on stdin)
//
// FILE is either Mermaid text or Markdown, whose ```mermaid blocks are each parsed.
// On success prints a JSON array, one entry per diagram: its type and, for flowcharts, the
// nodes, edges and subgraphs the parser read (so tests can check structure, not just syntax).
// On the first invalid diagram prints the parser's error to stderr and exits 1.
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

// Mermaid sanitizes labels with DOMPurify, which needs a DOM even when nothing is drawn.
const { window } = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false, logLevel: "fatal", securityLevel: "strict" });

const FENCE = /^```mermaid[ \t]*\n([\s\S]*?)^```[ \t]*$/gm;

function diagramsIn(text) {
  if (!text.includes("```mermaid")) return [text];
  return [...text.matchAll(FENCE)].map((match) => match[1]);
}

function flowchartStructure(db) {
  const vertices = db.getVertices();
  return {
    nodes: [...vertices.values()].map((v) => ({ id: v.id, label: v.text })),
    edges: db.getEdges().map((e) => ({ from: e.start, to: e.end, label: e.text ?? "", stroke: e.stroke })),
    subgraphs: db.getSubGraphs().map((s) => ({ id: s.id, title: s.title, nodes: s.nodes })),
  };
}

async function describe(text, index) {
  try {
    await mermaid.parse(text);
  } catch (error) {
    throw new Error(`diagram ${index + 1} is not valid Mermaid: ${error.message}`);
  }
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const type = diagram.type;
  return type.startsWith("flowchart") ? { type, ...flowchartStructure(diagram.db) } : { type };
}

const path = process.argv[2];
const source = readFileSync(path ?? 0, "utf8");
const diagrams = diagramsIn(source);
if (diagrams.length === 0) {
  console.error(`${path ?? "stdin"} holds no \`\`\`mermaid block`);
  process.exit(1);
}
try {
  const described = [];
  for (const [index, text] of diagrams.entries()) described.push(await describe(text, index));
  console.log(JSON.stringify(described, null, 2));
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
