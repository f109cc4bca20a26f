import net from 'node:net';

/**
 * Tests may only talk to this machine: a forgotten call to Slack, Microsoft or anything else
 * fails loudly instead of hanging or leaking (after testjavascript/nodejs-integration-tests-best-practices).
 */
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/;

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connect(this: net.Socket, ...args: unknown[]) {
  const first = args[0];
  let host: string | undefined;
  if (typeof first === 'object' && first !== null && !Array.isArray(first)) {
    const options = first as { host?: string; path?: string };
    if (options.path) return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
    host = options.host;
  } else if (typeof first === 'number') {
    host = typeof args[1] === 'string' ? (args[1] as string) : undefined;
  } else if (typeof first === 'string' && Number.isNaN(Number(first))) {
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args); // a unix socket path
  }
  if (host !== undefined && !LOOPBACK.test(host)) {
    throw new Error(`Test tried to reach ${host}: tests may only connect to loopback addresses.`);
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
