export { developerPageRoutes, wantsHtml, type DeveloperPagesOptions } from './developer-pages.js';
