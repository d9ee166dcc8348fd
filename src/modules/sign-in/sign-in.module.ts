import { Module } from '@nestjs/common';
import { OidcClientService } from './oidc-client.service';
import { SessionStrategy } from './session.strategy';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { SignInController } from './sign-in.controller';
import { SignInService } from './sign-in.service';

/** Staff sign-in through OpenID Connect (authorization code + PKCE) and server-side dashboard sessions. */
@Module({
  controllers: [SignInController],
  providers: [OidcClientService, SessionsRepository, SessionsService, SessionStrategy, SignInService],
})
export class SignInModule {}
