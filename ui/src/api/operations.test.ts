/// <reference types="vite/client" />
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, print, type DocumentNode, type OperationDefinitionNode } from "graphql";

// Every GraphQL document the UI sends has its file in graphql/operations/, word for word
// (fragments included), so the server's tests/graphql/test_operations.py runs what the UI
// really sends. `UPDATE_OPERATIONS=1 npx vitest run src/api/operations.test.ts` writes them.
const OPERATIONS = join(__dirname, "../../../graphql/operations");
const modules = import.meta.glob<Record<string, unknown>>("./*.ts", { eager: true });

function isDocument(value: unknown): value is DocumentNode {
  return typeof value === "object" && value !== null && (value as DocumentNode).kind === "Document";
}

function operationOf(document: DocumentNode): OperationDefinitionNode | undefined {
  return document.definitions.find((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
}

const documents = Object.entries(modules).flatMap(([path, exports]) =>
  Object.values(exports as Record<string, unknown>)
    .filter(isDocument)
    .map((document) => ({ path: path.replace("./", "ui/src/api/"), document, operation: operationOf(document) }))
    .filter((found) => found.operation?.name),
);

const header = (path: string) => `# Sent by the web UI (${path}); kept word for word by ui/src/api/operations.test.ts.\n`;

describe("graphql/operations", () => {
  it("finds the UI's documents", () => {
    expect(documents.map(({ operation }) => operation!.name!.value)).toEqual(
      expect.arrayContaining(["TraceList", "TraceSkeleton", "ObservationDetail", "Dashboard", "Viewer"]),
    );
  });

  for (const { path, document, operation } of documents) {
    const name = operation!.name!.value;
    it(`holds ${name} as the UI sends it`, () => {
      const file = join(OPERATIONS, `${name}.graphql`);
      const printed = print(document);
      if (process.env.UPDATE_OPERATIONS) writeFileSync(file, header(path) + printed + "\n");
      expect(print(parse(readFileSync(file, "utf8")))).toBe(printed);
    });
  }

  it("has a file for every operation the UI sends", () => {
    const files = new Set(readdirSync(OPERATIONS).map((file) => file.replace(/\.graphql$/, "")));
    for (const { operation } of documents) expect(files).toContain(operation!.name!.value);
  });
});
