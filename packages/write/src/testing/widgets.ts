import { Entity, Property } from '@mikro-orm/decorators/legacy';
import type { Identity } from '@salesgraph/auth';
import { companyCreated } from '@salesgraph/events/testing';
import { TenantScopedEntity } from '@salesgraph/orm';
import { defineWrites, type EntityResultParts } from '../write-frame.js';

/** The aggregate of the frame's own tests: a widget that names a gadget. */
@Entity({ tableName: 'widget' })
export class Widget extends TenantScopedEntity {
  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'uuid' })
  gadgetId!: string;

  @Property({ type: 'datetime', nullable: true })
  shippedAt: Date | null = null;
}

/** What a widget names: kept here as a projection would keep another subgraph's entity. */
@Entity({ tableName: 'gadget' })
export class Gadget extends TenantScopedEntity {
  @Property({ type: 'boolean' })
  retired = false;
}

export const SCHEMA = 'writetest';

export const tablesDdl = [
  `create table "${SCHEMA}"."widget" (
    "id" uuid primary key, "tenant_id" varchar(64) not null, "created_at" timestamptz not null,
    "updated_at" timestamptz not null, "version" integer not null default 1,
    "name" text not null, "gadget_id" uuid not null, "shipped_at" timestamptz null)`,
  `create table "${SCHEMA}"."gadget" (
    "id" uuid primary key, "tenant_id" varchar(64) not null, "created_at" timestamptz not null,
    "updated_at" timestamptz not null, "version" integer not null default 1, "retired" boolean not null)`,
];

export type WidgetResult = EntityResultParts<Widget>;

export const widgetWrites = defineWrites<Widget, WidgetResult>({
  entity: Widget,
  noun: 'widget',
  result: (parts) => parts,
});

/** An event of a registered type (the frame does not care which), about the widget. */
export const widgetEvent = (identity: Identity, widget: Widget, version: number) =>
  companyCreated({
    tenant: identity.tenant,
    version,
    source: 'writetest',
    actor: identity.sub,
    company: { id: widget.id, legalName: widget.name, ownerId: identity.sub },
  });
