// A Streamable HTTP MCP server (the official TypeScript SDK) whose tool has a side effect:
// `increment` adds one to a counter, `count` reads it. PORT from the environment, 127.0.0.1 only.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import http from 'node:http';
import { randomUUID } from 'node:crypto';

let count = 0;
const transports = {};
const newServer = () => {
  const s = new McpServer({ name: 'counter', version: '1.0.0' });
  s.registerTool('increment', { description: 'adds one to the counter' }, async () => {
    count += 1;
    return { content: [{ type: 'text', text: String(count) }] };
  });
  s.registerTool('count', { description: 'the counter' }, async () => ({ content: [{ type: 'text', text: String(count) }] }));
  return s;
};
const port = Number(process.env.PORT);
http.createServer(async (req, res) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  const json = body ? JSON.parse(body) : undefined;
  const sid = req.headers['mcp-session-id'];
  let transport = sid ? transports[sid] : undefined;
  if (!transport) {
    if (req.method !== 'POST' || !json || json.method !== 'initialize') {
      res.writeHead(404).end();
      return;
    }
    transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => { transports[id] = transport; },
    });
    await newServer().connect(transport);
  }
  await transport.handleRequest(req, res, json);
}).listen(port, '127.0.0.1', () => console.log('counter listening on port ' + port));
