export { attachDeveloperPages, type DeveloperPagesOptions } from './developer-pages.js';
