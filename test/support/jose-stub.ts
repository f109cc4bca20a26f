/**
 * jose (pulled in by the Teams SDK's inbound token validator through jwks-rsa) is ES-module only. Node 20.19+
 * require()s it natively, but Jest's module loader cannot on Node 20, so jest.config.js maps it here for
 * every test. The sandbox the tests run in never validates a
 * token; if something does, it fails loudly here instead of quietly passing.
 */
module.exports = new Proxy(
  {},
  {
    get(_target, key) {
      if (key === '__esModule' || key === 'then' || typeof key === 'symbol') return undefined;
      return () => {
        throw new Error(`jose.${String(key)} was called in a test: token validation is not available under Jest.`);
      };
    },
  },
);
