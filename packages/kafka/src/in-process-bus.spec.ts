import { messageBusContract } from './bus.contract.js';
import { createInProcessBus } from './in-process-bus.js';

messageBusContract('the in-process bus', () => createInProcessBus({ retryDelayMs: 10 }));
