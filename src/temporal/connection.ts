import { readFileSync } from 'node:fs';
import type { NativeConnectionOptions } from '@temporalio/worker';
import type { AppConfig } from '../config/config';

/** Connection options shared by the API's client and the worker: address, TLS and API key from config. */
export function temporalConnectionOptions(cfg: AppConfig['temporal']): NativeConnectionOptions {
  const options: NativeConnectionOptions = { address: cfg.address };
  if (cfg.tls) {
    const { certPath, keyPath, caPath, serverName } = cfg.tls;
    options.tls = {
      ...(serverName ? { serverNameOverride: serverName } : {}),
      ...(caPath ? { serverRootCACertificate: readFileSync(caPath) } : {}),
      ...(certPath && keyPath ? { clientCertPair: { crt: readFileSync(certPath), key: readFileSync(keyPath) } } : {}),
    };
  }
  if (cfg.apiKey) {
    options.apiKey = cfg.apiKey;
    options.tls ??= true;
  }
  return options;
}
