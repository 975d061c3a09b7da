export { companyCreated } from './company-events.js';
