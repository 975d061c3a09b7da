import type { AnsSettings } from './beneficiary/ans.service.js';

/** Deployment settings the resolvers need, injected through the schema's resolver container. */
export interface BeneficiariesSettings {
  /** The 6-digit ANS operator registration: ANS batch cabecalho and health card prefix. */
  readonly operatorRegistration: string;
  /** Validates (and, with a transport, signs and queues) every submitted batch: AnsSettings.seal. */
  readonly seal?: AnsSettings['seal'];
}
