import { ArgumentsHost, Catch, ExceptionFilter, ForbiddenException, Logger, NotFoundException, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { AllExceptionsFilter, logRefusal } from '../common/exception.filter';

/**
 * The admin routes do not exist for anyone but an admin: a refusal by the auth guard (no token, a
 * bad one, or another role) leaves exactly as Nest answers a route it does not have.
 */
@Catch(UnauthorizedException, ForbiddenException)
export class HideFromNonAdminsFilter implements ExceptionFilter {
  private readonly delegate = new AllExceptionsFilter();
  private readonly logger = new Logger('HTTP');

  catch(exception: UnauthorizedException | ForbiddenException, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    logRefusal(this.logger, req, exception.getStatus(), exception);
    // The same message Nest's not-found handler builds (RoutesResolver): method and original URL.
    this.delegate.catch(new NotFoundException(`Cannot ${req.method} ${req.originalUrl}`), host);
  }
}
