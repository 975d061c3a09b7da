import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { Migrator } from '@mikro-orm/migrations';
import type { Constructor } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import { TenantScopedEntity } from './tenant-scoped.entity.js';
import { TENANT_FILTER } from './tenant.js';
import { TenantWriteGuard } from './tenant-subscriber.js';
import type { DatabaseCredentials } from './database-credentials.js';

export interface OrmOptions {
  readonly databaseUrl: string;
  /** Credentials over the URL's, re-read for new connections when they rotate (database-credentials.ts). */
  readonly credentials?: DatabaseCredentials;
  /** The subgraph's own PostgreSQL schema; no subgraph reads another's. */
  readonly schema: string;
  readonly entities: readonly Constructor<object>[];
  readonly migrations: readonly Constructor<Migration>[];
  readonly poolMax?: number;
  /** Called with every SQL statement (tests count statements with it). */
  readonly onQuery?: (sql: string) => void;
}

export type Orm = MikroORM;

/** MikroORM over PostgreSQL: one schema per subgraph, tenant filter on every tenant-scoped entity. */
export async function createOrm(options: OrmOptions): Promise<Orm> {
  const tenantScoped = options.entities.filter((entity) => entity.prototype instanceof TenantScopedEntity);
  return MikroORM.init({
    clientUrl: options.databaseUrl,
    schema: options.schema,
    entities: [TenantScopedEntity, ...options.entities],
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    migrations: {
      migrationsList: [...options.migrations],
      tableName: 'mikro_orm_migrations',
      schema: options.schema,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
    filters: {
      [TENANT_FILTER]: {
        cond: (args: { tenantId: string }) => ({ tenantId: args.tenantId }),
        entity: tenantScoped,
        default: true,
        args: true,
      },
    },
    subscribers: [new TenantWriteGuard()],
    pool: { min: 0, max: options.poolMax ?? 10 },
    ...(options.credentials ? { driverOptions: { Client: options.credentials.Client } } : {}),
    allowGlobalContext: false,
    forceUtcTimezone: true,
    debug: options.onQuery ? ['query'] : false,
    logger: (message: string) => options.onQuery?.(message),
    discovery: { warnWhenNoEntities: false },
  });
}

export type { EntityManager };
