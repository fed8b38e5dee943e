// The official MCP TypeScript SDK client, driving `factory mcp-bridge` over stdio:
//   node client.mjs SCENARIO '{"command": "...", "args": [...]}'
// Prints one JSON line with what the scenario measured. The Java test (McpBridgeSdkIT) asserts on it.
// `restart` prints {"phase":"restart-now"} midway and waits for a line on stdin before going on.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CreateMessageRequestSchema, ListRootsRequestSchema, LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import readline from 'node:readline';

const [scenario, bridgeJson] = process.argv.slice(2);
const bridge = JSON.parse(bridgeJson);
const client = new Client({ name: 'factory-bridge-test', version: '1.0.0' },
  { capabilities: { roots: { listChanged: true }, sampling: {} } });
client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: 'file:///workspace/factory-root', name: 'factory-root' }] }));
client.setRequestHandler(CreateMessageRequestSchema, async () => ({
  role: 'assistant', model: 'factory-test-model', content: { type: 'text', text: 'sampled-by-factory-test' } }));
let logs = 0;
client.setNotificationHandler(LoggingMessageNotificationSchema, () => { logs += 1; });

const transport = new StdioClientTransport({ command: bridge.command, args: bridge.args, stderr: 'inherit' });
const result = {};
const echo = async (m) => {
  const r = await client.callTool({ name: 'echo', arguments: { message: m } }, undefined, { timeout: 20000 });
  return JSON.stringify(r.content).includes(m);
};
const calls = async (n, label) => {
  let ok = 0, failed = 0;
  const errors = [];
  for (let i = 0; i < n; i++) {
    try { if (await echo(label + '-' + i)) ok++; else failed++; } catch (e) { failed++; if (errors.length < 3) errors.push(String(e.message || e)); }
  }
  return { ok, failed, errors };
};

try {
  await client.connect(transport);
  if (scenario === 'sequential') {
    Object.assign(result, await calls(200, 'seq'));
  } else if (scenario === 'concurrent') {
    const started = Date.now();
    const slow = client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 4, steps: 2 } }, undefined, { timeout: 30000 })
      .then(() => Date.now() - started);
    await new Promise((r) => setTimeout(r, 100));
    const fastStart = Date.now();
    const many = [];
    for (let i = 0; i < 9; i++) many.push(echo('fast-' + i));
    const fastOk = (await Promise.all(many)).filter(Boolean).length;
    result.fastMs = Date.now() - fastStart;
    result.fastOk = fastOk;
    result.slowMs = await slow;
  } else if (scenario === 'restart') {
    result.before = await calls(5, 'before');
    process.stdout.write(JSON.stringify({ phase: 'restart-now' }) + '\n');
    await new Promise((resolve) => readline.createInterface({ input: process.stdin }).once('line', resolve));
    result.after = await calls(20, 'after');
  } else if (scenario === 'server-requests') {
    const roots = await client.callTool({ name: 'get-roots-list', arguments: {} }, undefined, { timeout: 20000 });
    result.roots = JSON.stringify(roots.content).includes('factory-root');
    const sampled = await client.callTool({ name: 'trigger-sampling-request', arguments: { prompt: 'hello', maxTokens: 10 } },
      undefined, { timeout: 20000 });
    result.sampling = JSON.stringify(sampled.content).includes('sampled-by-factory-test');
    result.after = await calls(3, 'after');
  } else if (scenario === 'logging') {
    await client.callTool({ name: 'toggle-simulated-logging', arguments: {} }, undefined, { timeout: 20000 });
    await new Promise((r) => setTimeout(r, 6000));
    result.logs = logs;
  } else if (scenario === 'one-shot') {
    // the brief's loop: connect, list the tools, call one
    const tools = await client.listTools(undefined, { timeout: 20000 });
    result.tools = tools.tools.length;
    result.echo = await echo('one-shot');
  } else if (scenario === 'side-effects') {
    // each increment is answered (a result, or an error when the answer was lost) and never run twice
    let results = 0, errors = 0;
    const messages = [];
    for (let i = 0; i < 12; i++) {
      try {
        await client.callTool({ name: 'increment', arguments: {} }, undefined, { timeout: 20000 });
        results++;
      } catch (e) {
        errors++;
        messages.push(String(e.message || e));
      }
    }
    const counted = await client.callTool({ name: 'count', arguments: {} }, undefined, { timeout: 20000 });
    Object.assign(result, { results, errors, messages, count: Number(counted.content[0].text) });
  } else {
    throw new Error('unknown scenario ' + scenario);
  }
} catch (e) {
  result.error = String(e.message || e);
}
await client.close().catch(() => {});
process.stdout.write(JSON.stringify(result) + '\n');
process.exit(0);
