import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Router } from "express";
import { own } from "../own-key.js";

/**
 * GraphiQL for people exploring the API in a browser, served from the service's own packages so it
 * works without internet access. The page itself needs no key (a browser cannot send a Bearer header
 * when it opens a URL); every operation it sends carries the key the user types into its headers pane.
 */

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));
const assets: Record<string, { path: string; type: string }> = {
  "react.js": { path: join(packageDir("react"), "umd", "react.production.min.js"), type: "text/javascript" },
  "react-dom.js": { path: join(packageDir("react-dom"), "umd", "react-dom.production.min.js"), type: "text/javascript" },
  "graphiql.js": { path: join(packageDir("graphiql"), "graphiql.min.js"), type: "text/javascript" },
  "graphiql.css": { path: join(packageDir("graphiql"), "graphiql.min.css"), type: "text/css" },
};

const placeholderHeaders = JSON.stringify({ Authorization: "Bearer <your API key>" }, null, 2);

// A file of its own rather than an inline script, so the page keeps the strict Content-Security-Policy.
const startScript = `const root = ReactDOM.createRoot(document.getElementById("graphiql"));
root.render(React.createElement(GraphiQL, {
  fetcher: GraphiQL.createFetcher({ url: new URL("/graphql", location.href).href }),
  defaultHeaders: ${JSON.stringify(placeholderHeaders)},
  defaultEditorToolsVisibility: "headers",
  shouldPersistHeaders: false,
}));
`;

const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>PIM GraphQL explorer</title>
<link rel="stylesheet" href="/graphiql/graphiql.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL… Put your API key in the Headers pane: {"Authorization": "Bearer &lt;key&gt;"}</div>
<script src="/graphiql/react.js"></script>
<script src="/graphiql/react-dom.js"></script>
<script src="/graphiql/graphiql.js"></script>
<script src="/graphiql/start.js"></script>
</body>
</html>
`;

/** True for a browser opening /graphql, not for an operation sent with GET. */
function opensThePage(accepts: (types: string[]) => string | false, query: Record<string, unknown>): boolean {
  return accepts(["application/json", "text/html"]) === "text/html" && query.query === undefined;
}

export function graphiqlRoutes(): Router {
  const router = Router();
  router.get("/graphql", (req, res, next) => {
    if (!opensThePage((types) => req.accepts(types), req.query as Record<string, unknown>)) return next();
    res.type("html").set("cache-control", "no-store").send(page);
  });
  router.get("/graphiql/start.js", (_req, res) => {
    res.type("text/javascript").set("cache-control", "no-cache").send(startScript);
  });
  router.get("/graphiql/:file", (req, res, next) => {
    const asset = own(assets, req.params.file);
    if (!asset) return next();
    res.type(asset.type).set("cache-control", "public, max-age=86400").sendFile(asset.path);
  });
  return router;
}
