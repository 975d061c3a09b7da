export { TenantScopedEntity } from './tenant-scoped.entity.js';
export { createOrm, type OrmOptions, type Orm } from './create-orm.js';
export { TENANT_FILTER, forkForTenant, tenantOf } from './tenant.js';
export { migrateSchema } from './migrate.js';
export { isUniqueViolation, isStaleVersion } from './db-errors.js';
export { databaseCredentials, type DatabaseCredentials, type DatabaseSettings } from './database-credentials.js';
export { findByKeys, keyedLateral, type KeyLookup } from './find-by-keys.js';
export { dropTenantIndexes } from './tenant-indexes.js';
