import { registerEnumType } from 'type-graphql';

export enum SalesSystem {
  PYXIS = 'PYXIS',
  TEMPO = 'TEMPO',
}

/** The same values as accounts' SalesChannel (composition merges the two). */
export enum SalesChannel {
  STORE = 'STORE',
  WEB = 'WEB',
  CALL_CENTER = 'CALL_CENTER',
  MOBILE = 'MOBILE',
  PARTNER = 'PARTNER',
}

/** The same values as deals' PlanType. */
export enum PlanType {
  AMBULATORIAL = 'AMBULATORIAL',
  HOSPITALAR = 'HOSPITALAR',
  HOSPITALAR_OBSTETRICIA = 'HOSPITALAR_OBSTETRICIA',
  REFERENCIA = 'REFERENCIA',
  ODONTOLOGICO = 'ODONTOLOGICO',
}

/** The stages an order may imply for its deal (LEAD, QUALIFICATION, DISCOVERY); the rest need people. */
export enum OrderStage {
  LEAD = 'LEAD',
  QUALIFICATION = 'QUALIFICATION',
  DISCOVERY = 'DISCOVERY',
}

export enum IntakeRoute {
  KAFKA = 'KAFKA',
  HTTP = 'HTTP',
}

registerEnumType(SalesSystem, { name: 'SalesSystem', description: 'A sales system the intake takes orders from.' });
registerEnumType(SalesChannel, { name: 'SalesChannel' });
registerEnumType(PlanType, { name: 'PlanType' });
registerEnumType(OrderStage, { name: 'OrderStage', description: 'The deal stage an order implies.' });
registerEnumType(IntakeRoute, { name: 'IntakeRoute', description: 'How the order (its latest revision) arrived.' });
