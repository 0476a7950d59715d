// ESM resolve hook: `electron` (and `electron/main`) resolve to the recording stand-in's shim.
let shimUrl;
export function initialize(data) {
  shimUrl = data.shimUrl;
}
export function resolve(specifier, context, next) {
  if (specifier === 'electron' || specifier === 'electron/main') return { url: shimUrl, shortCircuit: true };
  return next(specifier, context);
}
