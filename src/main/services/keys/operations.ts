import { AppError } from '../../../shared/errors';

/** Long-running operations (key generation) the user can cancel by id. */
export class Operations {
  private readonly running = new Map<string, AbortController>();

  start(operationId: string): AbortSignal {
    if (this.running.has(operationId)) {
      throw new AppError('INVALID_INPUT', 'A key generation with this id is already running.', { reason: 'generationRunning' });
    }
    const controller = new AbortController();
    this.running.set(operationId, controller);
    return controller.signal;
  }

  finish(operationId: string): void {
    this.running.delete(operationId);
  }

  /** True when something was running under that id. */
  cancel(operationId: string): boolean {
    const controller = this.running.get(operationId);
    controller?.abort();
    return controller !== undefined;
  }

  /** How many are running now (updates wait for none). */
  get size(): number {
    return this.running.size;
  }

  cancelAll(): void {
    for (const controller of this.running.values()) controller.abort();
    this.running.clear();
  }
}
