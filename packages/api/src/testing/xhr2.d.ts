/** Types for `xhr2` (an XMLHttpRequest for Node, used by tests that drive browser clients). */
declare module 'xhr2' {
  const XMLHttpRequest: typeof globalThis.XMLHttpRequest;
  export default XMLHttpRequest;
}
