export { startStack, type Stack, type StackOptions, type SubgraphName } from './stack.js';
