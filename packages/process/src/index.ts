export { runProcess, type Lifecycle } from './run-process.js';
export { isTransientStartupError, startupWait, type StartupWait } from './startup.js';
