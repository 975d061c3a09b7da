import { badInput } from '@salesgraph/errors';
import type { SignerInput } from './contract.inputs.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function signersOf(input: readonly SignerInput[]): { name: string; email: string }[] {
  if (input.length < 1 || input.length > 10) throw badInput('signers', 'must list 1 to 10 signers');
  const signers = input.map((signer) => ({ name: signer.name.trim(), email: signer.email.trim().toLowerCase() }));
  if (signers.some((signer) => !signer.name || signer.name.length > 200))
    throw badInput('signers', 'every signer needs a name of at most 200 characters');
  if (signers.some((signer) => !EMAIL.test(signer.email) || signer.email.length > 254))
    throw badInput('signers', 'every signer needs a valid e-mail address');
  if (new Set(signers.map((signer) => signer.email)).size !== signers.length)
    throw badInput('signers', 'must not list the same e-mail twice');
  return signers;
}

export function optionalReason(reason: string | null | undefined): string | null {
  const text = reason?.trim();
  if (!text) return null;
  if (text.length > 1000) throw badInput('reason', 'must be at most 1000 characters');
  return text;
}
