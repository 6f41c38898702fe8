/**
 * Runs async tasks one after another. A store's read-modify-write (take the list, change it, write
 * it) must not interleave with another, or two quick saves would each write a list without the
 * other's change.
 */
export function serialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.catch(() => undefined).then(task);
    tail = run;
    return run;
  };
}
