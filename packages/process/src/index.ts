export { runProcess, type Lifecycle } from './run-process.js';
