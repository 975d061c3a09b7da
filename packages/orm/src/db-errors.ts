import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof UniqueConstraintViolationException)) return false;
  return (
    constraint === undefined ||
    String((error as { constraint?: string }).constraint ?? error.message).includes(constraint)
  );
}

export function isStaleVersion(error: unknown): boolean {
  return error instanceof OptimisticLockError;
}
