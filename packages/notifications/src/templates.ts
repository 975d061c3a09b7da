/** What a notification is about; each has its Portuguese template below. */
export type NotificationKind =
  | 'APPROVAL_REQUESTED'
  | 'CONTRACT_SENT_FOR_SIGNATURE'
  | 'CONTRACT_SIGNED'
  | 'SLA_BREACHED'
  | 'ANS_DEADLINE';

/** The facts a template names (ids only are stored; names and numbers are read when sending). */
export interface NotificationFacts {
  readonly recipientName: string;
  readonly dealTitle?: string | null;
  readonly contractNumber?: string | null;
  /** APPROVAL_REQUESTED: the level; SLA_BREACHED: the task's role. */
  readonly role?: string | null;
  readonly taskType?: string | null;
  readonly dueAt?: string | null;
  readonly at?: string | null;
}

const roleNames: Readonly<Record<string, string>> = {
  SALES_MANAGER: 'gerente comercial',
  COMMERCIAL_DIRECTOR: 'diretoria comercial',
  CEO_BOARD: 'presidência',
  OPERATIONS: 'operações',
  SALES_REP: 'vendas',
};
const taskNames: Readonly<Record<string, string>> = {
  APPROVAL: 'aprovação de contrato',
  IMPLEMENTATION_PLANNING: 'planejamento de implantação',
  ANS_REGISTRATION: 'registro na ANS',
};

const brasilia = new Intl.DateTimeFormat('pt-BR', {
  timeZone: 'America/Sao_Paulo',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "2027-01-20T14:00:00Z" -> "20/01/2027 às 11:00" (horário de Brasília). */
export function brazilianDateTime(iso: string): string {
  const part = Object.fromEntries(brasilia.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${part['day']}/${part['month']}/${part['year']} às ${part['hour']}:${part['minute']}`;
}

const when = (iso: string | null | undefined) => (iso ? `${brazilianDateTime(iso)} (horário de Brasília)` : '—');
const deal = (facts: NotificationFacts) => (facts.dealTitle ? `“${facts.dealTitle}”` : 'sem título');
const contract = (facts: NotificationFacts) => facts.contractNumber ?? 'sem número';
const footer =
  '\n\n—\nSalesgraph. Você recebe esta mensagem pela sua função. Para mudar o canal ou deixar de receber avisos, ajuste as suas preferências de notificação.';

/** The subject and text of a notification, in Portuguese. */
export function renderNotification(
  kind: NotificationKind,
  facts: NotificationFacts,
): { subject: string; text: string } {
  const hello = `Olá, ${facts.recipientName}.`;
  switch (kind) {
    case 'APPROVAL_REQUESTED':
      return {
        subject: `Aprovação pendente: contrato ${contract(facts)} — ${facts.dealTitle ?? 'negócio'}`,
        text: `${hello}\n\nO contrato ${contract(facts)} do negócio ${deal(facts)} aguarda a sua aprovação (alçada: ${roleNames[facts.role ?? ''] ?? facts.role ?? '—'}).\nPrazo: ${when(facts.dueAt)}.${footer}`,
      };
    case 'CONTRACT_SENT_FOR_SIGNATURE':
      return {
        subject: `Contrato ${contract(facts)} enviado para assinatura`,
        text: `${hello}\n\nO contrato ${contract(facts)} do seu negócio ${deal(facts)} foi enviado para assinatura eletrônica. Os signatários receberão o convite por e-mail.${footer}`,
      };
    case 'CONTRACT_SIGNED':
      return {
        subject: `Contrato ${contract(facts)} assinado`,
        text: `${hello}\n\nO contrato ${contract(facts)} do seu negócio ${deal(facts)} foi assinado por todos em ${when(facts.at)}. Ele já pode ser ativado.${footer}`,
      };
    case 'SLA_BREACHED':
      return {
        subject: `Prazo vencido: ${taskNames[facts.taskType ?? ''] ?? 'tarefa'}${facts.contractNumber ? ` — contrato ${facts.contractNumber}` : ''}`,
        text: `${hello}\n\nA tarefa de ${taskNames[facts.taskType ?? ''] ?? 'workflow'} (responsável: ${roleNames[facts.role ?? ''] ?? facts.role ?? '—'})${facts.dealTitle ? ` do negócio ${deal(facts)}` : ''} passou do prazo em ${when(facts.dueAt)} e continua aberta.${footer}`,
      };
    case 'ANS_DEADLINE':
      return {
        subject: 'Registro na ANS vence em menos de 24 horas',
        text: `${hello}\n\nHá um beneficiário ainda sem registro na ANS cujo prazo legal de 72 horas vence em ${when(facts.dueAt)}. Envie o lote do contrato pelo Salesgraph antes do vencimento.${footer}`,
      };
  }
}
