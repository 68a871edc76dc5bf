// The options node runs the gateway with. They must be given when node starts (V8 sizes its heap
// then), so they are written where the gateway is started: the shebang of `bin/tmuxgate.js`,
// `npm start`, the Dockerfile's ENTRYPOINT, and the launcher of tests and the bench
// (testing/gatewayProcess.ts). A unit test checks that each carries exactly these.

/**
 * Under a flood of output V8 grows its young generation to 16 MB semi-spaces: ~30 MB of resident
 * memory that holds only garbage (the gateway's live heap is ~20 MB, most of it code; see
 * docs/benchmarks.md, "Memory"). At 2 MB, scavenges run more often and stay as cheap, since
 * almost nothing a frame allocates survives one.
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];
