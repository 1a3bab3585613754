import { injectable } from 'layer/framework';
import type { CanActivate, Context } from 'layer/framework';
import { AppConfig } from './app.config.js';

/** Lets a handler run only for the users listed in ADMIN_IDS. */
@injectable()
export class AdminGuard implements CanActivate<Context> {
  constructor(private readonly config: AppConfig) {}

  canActivate(ctx: Context): boolean {
    return ctx.senderId !== undefined && this.config.adminIds.includes(String(ctx.senderId));
  }
}
