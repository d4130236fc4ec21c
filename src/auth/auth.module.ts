import { Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { AppConfig } from '../config/config.js';
import { ApiKeyStore } from './api-key-store.js';
import { AuthGuard } from './auth.guard.js';
import { JwtVerifier } from './jwt-verifier.js';

@Injectable()
class ApiKeyStoreShutdown implements OnApplicationShutdown {
  constructor(private readonly keys: ApiKeyStore) {}
  onApplicationShutdown(): void {
    this.keys.close();
  }
}

@Module({})
export class AuthModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        { provide: ApiKeyStore, useFactory: () => new ApiKeyStore(config.auth.apiKeysFile) },
        { provide: JwtVerifier, useFactory: () => (config.auth.jwt ? new JwtVerifier(config.auth.jwt) : null) },
        ApiKeyStoreShutdown,
        AuthGuard,
        { provide: APP_GUARD, useExisting: AuthGuard },
      ],
      exports: [ApiKeyStore, AuthGuard],
    };
  }
}
