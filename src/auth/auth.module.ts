import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { AppConfig } from '../config/config.js';
import { openApiKeys } from '../engines.js';
import { API_KEYS, type ApiKeys } from './api-keys.port.js';
import { AuthGuard } from './auth.guard.js';
import { JwtVerifier } from './jwt-verifier.js';

@Injectable()
class ApiKeysShutdown implements OnApplicationShutdown {
  constructor(@Inject(API_KEYS) private readonly keys: ApiKeys) {}
  async onApplicationShutdown(): Promise<void> {
    await this.keys.close();
  }
}

@Module({})
export class AuthModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        // The engine follows READ_STORE: shared by every instance with MongoDB.
        { provide: API_KEYS, useFactory: () => openApiKeys(config) },
        { provide: JwtVerifier, useFactory: () => (config.auth.jwt ? new JwtVerifier(config.auth.jwt) : null) },
        ApiKeysShutdown,
        AuthGuard,
        { provide: APP_GUARD, useExisting: AuthGuard },
      ],
      exports: [API_KEYS, AuthGuard],
    };
  }
}
