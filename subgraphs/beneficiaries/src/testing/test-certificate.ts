import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestCertificate {
  readonly keyPath: string;
  readonly certPath: string;
  readonly privateKeyPem: string;
  readonly certificatePem: string;
}

/**
 * A self-signed RSA-2048 certificate made with openssl for one test run, shaped like an
 * ICP-Brasil A1 certificate of a company (CN "<NAME>:<CNPJ>", O ICP-Brasil), or a server
 * certificate for 127.0.0.1 when `server` is set.
 */
export function makeTestCertificate(dir: string, name: string, options: { server?: boolean } = {}): TestCertificate {
  const keyPath = join(dir, `${name}.key.pem`);
  const certPath = join(dir, `${name}.cert.pem`);
  const subject = options.server
    ? '/C=BR/O=Teste/CN=127.0.0.1'
    : `/C=BR/O=ICP-Brasil/OU=Certificado PJ A1/CN=${name.toUpperCase()}:12345678000195`;
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '2',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-subj',
      subject,
      ...(options.server ? ['-addext', 'subjectAltName=IP:127.0.0.1'] : []),
    ],
    { stdio: 'ignore' },
  );
  return {
    keyPath,
    certPath,
    privateKeyPem: readFileSync(keyPath, 'utf8'),
    certificatePem: readFileSync(certPath, 'utf8'),
  };
}
