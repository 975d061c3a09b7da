/**
 * Applies partial updates to an entity: `set` assigns a value that is given (not undefined) and
 * differs from the current one; `changed` lists the fields that did change (for the event).
 */
export function changeSet<T extends object>(entity: T) {
  const changed: string[] = [];
  const set = <K extends keyof T>(key: K, value: T[K] | undefined): void => {
    if (value === undefined || entity[key] === value) return;
    entity[key] = value;
    changed.push(String(key));
  };
  return { set, changed };
}
