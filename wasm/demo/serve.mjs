// A tiny static file server for the demo and its end-to-end test: serves the wasm/ directory
// (the page in demo/, the browser build in pkg-web/) on 127.0.0.1. No dependencies.
//
//   node demo/serve.mjs [port]     (from wasm/; port 0 or none: a free port)
//
// then open the printed URL. Other modules import `startServer` (see e2e/demo.test.mjs).
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** The directory served: wasm/. */
export const ROOT = fileURLToPath(new URL("..", import.meta.url));

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
  // `WebAssembly.instantiateStreaming` (what `init()` uses) requires this type.
  ".wasm": "application/wasm",
};

/** The file under ROOT that `urlPath` names, or null when it escapes ROOT. */
function fileFor(urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath.split("?")[0]);
  } catch {
    return null;
  }
  const file = resolve(join(ROOT, path));
  const root = resolve(ROOT);
  return file === root || file.startsWith(root + sep) ? file : null;
}

async function handle(request, response) {
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { allow: "GET, HEAD" }).end();
    return;
  }
  if (request.url === "/" || request.url === "/demo") {
    response.writeHead(302, { location: "/demo/" }).end();
    return;
  }
  let file = fileFor(request.url ?? "/");
  if (file === null) {
    response.writeHead(403).end("forbidden\n");
    return;
  }
  try {
    if ((await stat(file)).isDirectory()) file = join(file, "index.html");
    const body = await readFile(file);
    response.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "content-length": body.length,
      "cache-control": "no-store",
    });
    response.end(request.method === "HEAD" ? undefined : body);
  } catch {
    response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found\n");
  }
}

/**
 * Start the server on 127.0.0.1 at `port` (0: a free port). Resolves to `{ url, close }`, where
 * `url` is the demo page's address and `close()` stops the server.
 */
export function startServer(port = 0) {
  return new Promise((resolvePromise, reject) => {
    const server = createServer((request, response) => {
      handle(request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
    });
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: actual } = server.address();
      resolvePromise({
        url: `http://127.0.0.1:${actual}/demo/`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`usage: node demo/serve.mjs [port]   (got ${process.argv[2]})`);
    process.exit(2);
  }
  const { url } = await startServer(port);
  console.log(`doorcode demo: ${url}  (serving ${ROOT}; Ctrl-C to stop)`);
}
