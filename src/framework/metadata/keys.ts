/**
 * Every reflect-metadata key the framework writes, in one place, namespaced.
 * Decorators write them; the scanner reads them once at start; nothing on the
 * per-update path reads metadata.
 */
export const METADATA = {
  /** On the class: HandlerRecord[] (one per decorated method and event decorator). */
  handlers: 'layer:handler',
  /** On the class, or on a method (prototype + key): UseRecord[] of @UseMiddleware. */
  middleware: 'layer:middleware',
  /** On the class, or on a method: UseRecord[] of @UseGuards. */
  guards: 'layer:guards',
  /** On the class: CatchRecord[] of @Catch methods. */
  catch: 'layer:catch',
} as const;
