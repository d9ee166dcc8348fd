import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AccessModule } from './common/access/access.module';
import { RefusalAuditInterceptor } from './common/access/refusal-audit.interceptor';
import { AuditController } from './common/audit/audit.controller';
import { AuditPartitionsJob } from './common/audit/audit-partitions.job';
import { AuditPartitionsRepository } from './common/audit/audit-partitions.repository';
import { AuditQueryService } from './common/audit/audit-query.service';
import { AuthGuard } from './common/auth/auth.guard';
import { Clock } from './common/clock';
import { MdtAgendaRegistry } from './modules/mdt/mdt-agenda.registry';
import { MetricsRegistry } from './modules/metrics/metrics.registry';
import { BearerStrategy } from './common/auth/bearer.strategy';
import { StaffAuthenticator } from './common/auth/staff-authenticator';
import { TokenVerifier } from './common/auth/token-verifier';
import { BodyParserMiddleware } from './common/http/body-parser.middleware';
import { BodyInterceptor } from './common/http/body.interceptor';
import { IdempotencyInterceptor } from './common/idempotency/idempotency.interceptor';
import { IdempotencyRepository } from './common/idempotency/idempotency.repository';
import { loggerParams } from './common/logging/logging';
import { RateLimitModule } from './common/rate-limit/rate-limit.module';
import { RoutePatternInterceptor } from './common/logging/route-pattern.interceptor';
import { APP_CONFIG, AppConfig } from './config/config';
import { dataSourceOptions } from './database/data-source-options';
import { AdmissionsModule } from './modules/admissions/admissions.module';
import { DischargeModule } from './modules/admissions/discharge/discharge.module';
import { AlertsModule } from './modules/alerts/alerts.module';
import { BedsModule } from './modules/beds/beds.module';
import { CarePlansModule } from './modules/care-plans/care-plans.module';
import { CaseloadsModule } from './modules/caseloads/caseloads.module';
import { FhirModule } from './modules/fhir/fhir.module';
import { IdentityModule } from './modules/identity/identity.module';
import { InvolvementModule } from './modules/involvement/involvement.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { HealthController } from './modules/health/health.controller';
import { HealthRepository } from './modules/health/health.repository';
import { IntegrationsModule } from './modules/integrations/integrations.module';
import { MdtModule } from './modules/mdt/mdt.module';
import { OrganisationsModule } from './modules/organisations/organisations.module';
import { PatientsModule } from './modules/patients/patients.module';
import { PopulationsModule } from './modules/populations/populations.module';
import { ReferralsModule } from './modules/referrals/referrals.module';
import { ResidencesModule } from './modules/residences/residences.module';
import { SignInModule } from './modules/sign-in/sign-in.module';
import { TasksModule } from './modules/tasks/tasks.module';
import { TeamsModule } from './modules/teams/teams.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';

@Module({})
export class AppModule implements NestModule {
  /** The whole service for a validated config and a database URL (embedded or external). */
  static forRoot(config: AppConfig, databaseUrl: string, options: { logStream?: NodeJS.WritableStream } = {}): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggerModule.forRoot(loggerParams(config, options.logStream)),
        TypeOrmModule.forRoot({ ...dataSourceOptions(databaseUrl, config.dbPoolSize, { preparedStatements: config.dbPreparedStatements }), migrationsRun: false }),
        RateLimitModule,
        AccessModule,
        WebhooksModule,
        AlertsModule,
        OrganisationsModule,
        TeamsModule,
        PatientsModule,
        TasksModule,
        ReferralsModule,
        BedsModule,
        CarePlansModule,
        AdmissionsModule,
        CaseloadsModule,
        MdtModule,
        MetricsModule,
        IntegrationsModule,
        DischargeModule,
        ResidencesModule,
        PopulationsModule,
        FhirModule,
        SignInModule,
        InvolvementModule,
        IdentityModule,
      ],
      controllers: [HealthController, AuditController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        Clock,
        // Registries other modules contribute to (measures, agenda sources) without importing their consumer.
        MetricsRegistry,
        MdtAgendaRegistry,
        TokenVerifier,
        StaffAuthenticator,
        BearerStrategy,
        AuditQueryService,
        AuditPartitionsRepository,
        IdempotencyRepository,
        HealthRepository,
        AuditPartitionsJob,
        // One guard: authentication, then the shared rate limit (per user, or per address when
        // anonymous), then permission (common/auth/auth.guard.ts).
        { provide: APP_GUARD, useClass: AuthGuard },
        // Outermost: refusals are audited after the request's own transaction has ended.
        { provide: APP_INTERCEPTOR, useClass: RoutePatternInterceptor },
        { provide: APP_INTERCEPTOR, useClass: RefusalAuditInterceptor },
        { provide: APP_INTERCEPTOR, useClass: BodyInterceptor },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
      exports: [APP_CONFIG, StaffAuthenticator, Clock, MetricsRegistry, MdtAgendaRegistry],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(BodyParserMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
