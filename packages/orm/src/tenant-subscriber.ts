import type { EventArgs, EventSubscriber } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { TenantScopedEntity } from './tenant-scoped.entity.js';
import { tenantOf } from './tenant.js';

/**
 * Writes are tenant-scoped in the data layer: a new row gets the unit of work's tenant,
 * and a row of another tenant can never be inserted or updated through it.
 */
export class TenantWriteGuard implements EventSubscriber {
  beforeCreate(args: EventArgs<object>): void {
    this.guard(args);
  }

  beforeUpdate(args: EventArgs<object>): void {
    this.guard(args);
  }

  private guard({ entity, em }: EventArgs<object>): void {
    if (!(entity instanceof TenantScopedEntity)) return;
    const tenantId = tenantOf(em as unknown as EntityManager);
    if (!entity.tenantId) entity.tenantId = tenantId;
    if (entity.tenantId !== tenantId) throw new Error('Cross-tenant write refused');
  }
}
