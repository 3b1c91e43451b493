// Drives `reflect mcp` over stdio with the official MCP TypeScript SDK client, as Claude Code would.
// Run by McpServerIT, which imports part of the corpus into its Qdrant and passes, in the environment:
//   SERVER_COMMAND  JSON array: the command that starts the server (java ... -jar reflect-importer.jar mcp)
//   SERVER_CWD      the server's working directory (its default project is KNOWN_PROJECT)
//   QDRANT_URL, QDRANT_GRPC_PORT        the test's Qdrant
//   DOWN_QDRANT_URL, DOWN_QDRANT_GRPC_PORT   a port nothing listens on
//   SLOW_QDRANT_URL, SLOW_QDRANT_GRPC_PORT   a port that accepts connections and never answers
//   KNOWN_QUERY, KNOWN_CONVERSATION, KNOWN_LINE_START, KNOWN_PROJECT
// Prints "ok <check>" per check and "mcp client test passed" at the end; exits 1 on the first failure.
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';

const env = process.env;
const [command, ...args] = JSON.parse(env.SERVER_COMMAND);

const TOOLS = {
  reflect_on_past: ['query', 'limit', 'min_score', 'use_decay', 'project', 'brief', 'response_format'],
  quick_search: ['query', 'min_score', 'project'],
  search_summary: ['query', 'project'],
  get_more_results: ['query', 'offset', 'limit', 'min_score', 'project'],
  search_by_file: ['file_path', 'limit', 'project'],
  search_by_concept: ['concept', 'limit', 'project'],
  store_reflection: ['content', 'tags'],
};

async function connect(qdrantUrl, grpcPort, extraEnv = {}) {
  const transport = new StdioClientTransport({
    command,
    args,
    cwd: env.SERVER_CWD,
    env: { ...getDefaultEnvironment(), QDRANT_URL: qdrantUrl, QDRANT_GRPC_PORT: grpcPort, ...extraEnv },
    stderr: 'inherit',
  });
  const client = new Client({ name: 'reflect-mcp-it', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

function text(result) {
  return result.content.map((c) => c.text).join('\n');
}

async function call(client, name, args) {
  return client.callTool({ name, arguments: args });
}

async function ok(client, name, args) {
  const result = await call(client, name, args);
  assert.notEqual(result.isError, true, `${name} ${JSON.stringify(args)} answered an error: ${text(result)}`);
  return text(result);
}

async function refused(client, name, args, pattern) {
  const result = await call(client, name, args);
  assert.equal(result.isError, true, `${name} ${JSON.stringify(args)} should be an error, got: ${text(result)}`);
  assert.match(text(result), pattern);
  return text(result);
}

function check(name) {
  console.log(`ok ${name}`);
}

// --- the server over the imported corpus ---
const client = await connect(env.QDRANT_URL, env.QDRANT_GRPC_PORT);
try {
  const server = client.getServerVersion();
  assert.equal(server.name, 'reflect');
  assert.ok(client.getServerCapabilities().tools, 'the server offers tools');
  check(`initialize: ${server.name} ${server.version}`);

  const { tools } = await client.listTools();
  assert.deepEqual(tools.map((t) => t.name).sort(), Object.keys(TOOLS).sort());
  for (const tool of tools) {
    assert.equal(tool.inputSchema.type, 'object');
    assert.deepEqual(Object.keys(tool.inputSchema.properties), TOOLS[tool.name], `${tool.name}'s parameters`);
    assert.ok(tool.description.length > 100 && /use/i.test(tool.description), `${tool.name} says when to use it`);
    for (const [param, schema] of Object.entries(tool.inputSchema.properties)) {
      assert.ok(schema.type && schema.description, `${tool.name}.${param} has a type and a description`);
    }
  }
  const reflect = tools.find((t) => t.name === 'reflect_on_past').inputSchema;
  assert.deepEqual(reflect.required, ['query']);
  assert.equal(reflect.properties.limit.default, 5);
  assert.deepEqual(reflect.properties.response_format.enum, ['markdown', 'json']);
  check(`tools/list: ${tools.map((t) => t.name).join(', ')}`);

  // the known chunk first, in the working directory's project (no project given)
  const found = JSON.parse(await ok(client, 'reflect_on_past', { query: env.KNOWN_QUERY, response_format: 'json' }));
  assert.equal(found.project, env.KNOWN_PROJECT);
  assert.equal(found.results[0].conversation_id, env.KNOWN_CONVERSATION);
  assert.equal(found.results[0].line_start, Number(env.KNOWN_LINE_START));
  assert.equal(found.results[0].project, env.KNOWN_PROJECT);
  for (const field of ['score', 'timestamp', 'excerpt', 'source_file', 'line_end']) {
    assert.ok(found.results[0][field] !== undefined && found.results[0][field] !== null, `result has ${field}`);
  }
  const markdown = await ok(client, 'reflect_on_past', { query: env.KNOWN_QUERY, limit: 1, brief: true });
  assert.ok(markdown.includes(env.KNOWN_CONVERSATION), markdown);
  assert.match(markdown, new RegExp(`lines ${env.KNOWN_LINE_START}-\\d+`));
  check(`reflect_on_past finds ${env.KNOWN_CONVERSATION} line ${env.KNOWN_LINE_START} first (score ${found.results[0].score})`);

  const all = JSON.parse(await ok(client, 'reflect_on_past', { query: env.KNOWN_QUERY, project: 'all', limit: 3, response_format: 'json' }));
  assert.equal(all.project, 'all');
  assert.equal(all.results[0].conversation_id, env.KNOWN_CONVERSATION);
  check('reflect_on_past project=all');

  // store_reflection, then reflect_on_past finds it
  const marker = `Reflect IT marker ${Date.now()}: the zebra quartz lantern trick fixed the flaky telemetry shutdown`;
  const stored = await ok(client, 'store_reflection', { content: marker, tags: ['it', 'telemetry'] });
  assert.match(stored, /Reflection stored/);
  const recalled = JSON.parse(await ok(client, 'reflect_on_past', {
    query: 'zebra quartz lantern trick for the flaky telemetry shutdown', response_format: 'json',
  }));
  assert.equal(recalled.results[0].type, 'reflection');
  assert.equal(recalled.results[0].excerpt, marker);
  assert.deepEqual(recalled.results[0].tags, ['it', 'telemetry']);
  check('store_reflection, then reflect_on_past finds the reflection first');

  // the other tools answer
  assert.match(await ok(client, 'quick_search', { query: env.KNOWN_QUERY }), /^Yes: /);
  assert.match(await ok(client, 'search_summary', { query: 'telemetry timeout' }), /conversations/);
  const more = JSON.parse(await ok(client, 'get_more_results', { query: env.KNOWN_QUERY, offset: 1, limit: 2, response_format: 'json' }));
  assert.equal(more.results[0].rank, 2);
  assert.match(await ok(client, 'search_by_file', { file_path: 'telemetry.go' }), /telemetry\.go/);
  await ok(client, 'search_by_concept', { concept: 'performance', limit: 3 });
  check('quick_search, search_summary, get_more_results, search_by_file, search_by_concept');

  // bad input: errors, and the server goes on
  await refused(client, 'reflect_on_past', { query: '' }, /query is empty/);
  await refused(client, 'reflect_on_past', { query: '   ' }, /query is empty/);
  await refused(client, 'reflect_on_past', { query: 'x', limit: 0 }, /limit must be from 1 to 100, got 0/);
  await refused(client, 'reflect_on_past', { query: 'x', limit: 1000 }, /limit must be from 1 to 100, got 1000/);
  await refused(client, 'reflect_on_past', { query: 'x', limit: 'many' }, /limit must be a whole number/);
  await refused(client, 'reflect_on_past', { query: 'x', project: 'no-such-project' }, /No conversations of project 'no-such-project' are imported/);
  await refused(client, 'reflect_on_past', { query: 'x', response_format: 'xml' }, /response_format must be one of markdown, json/);
  await refused(client, 'store_reflection', { content: '' }, /content is empty/);
  await ok(client, 'reflect_on_past', { query: env.KNOWN_QUERY, limit: 1 });
  check('empty query, limit 0 / 1000, unknown project: isError, and the server still answers');
} finally {
  await client.close();
}

// --- Qdrant down: errors with a message, the server stays up ---
const down = await connect(env.DOWN_QDRANT_URL, env.DOWN_QDRANT_GRPC_PORT);
try {
  const message = await refused(down, 'reflect_on_past', { query: 'anything', project: 'all' }, /Qdrant/);
  await refused(down, 'store_reflection', { content: 'not stored' }, /Qdrant/);
  assert.equal((await down.listTools()).tools.length, 7);
  check(`Qdrant down: isError "${message}"`);
} finally {
  await down.close();
}

// --- Qdrant that never answers: the call times out with a message ---
const slow = await connect(env.SLOW_QDRANT_URL, env.SLOW_QDRANT_GRPC_PORT, { SEARCH_TIMEOUT_MS: '1500' });
try {
  await refused(slow, 'quick_search', { query: 'warm the model up', project: 'all' }, /within|DEADLINE_EXCEEDED/);
  const started = Date.now();
  const message = await refused(slow, 'reflect_on_past', { query: 'anything', project: 'all' }, /within|DEADLINE_EXCEEDED/);
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 5000, `the timeout answered after ${elapsed} ms`);
  check(`slow Qdrant: isError after ${elapsed} ms "${message}"`);
} finally {
  await slow.close();
}

console.log('mcp client test passed');
