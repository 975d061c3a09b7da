import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

/** The operator's ICP-Brasil certificate (A1): its PEM private key and X.509 certificate. */
export interface SigningCertificate {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
}

/**
 * Signs a batch with an enveloped XML-DSig signature over the whole document (reference URI
 * "", exclusive canonicalization, RSA-SHA256, SHA-256 digest), appended as the last child of
 * the root, with the certificate in KeyInfo/X509Data so the receiver can check who signed.
 */
export function signAnsBatch(xml: string, certificate: SigningCertificate): string {
  const signed = new SignedXml({
    privateKey: certificate.privateKeyPem,
    publicCert: certificate.certificatePem,
    signatureAlgorithm: RSA_SHA256,
    canonicalizationAlgorithm: EXC_C14N,
  });
  signed.addReference({
    xpath: '/*',
    isEmptyUri: true,
    digestAlgorithm: SHA256,
    transforms: [ENVELOPED, EXC_C14N],
  });
  signed.computeSignature(xml, { location: { reference: '/*', action: 'append' } });
  return signed.getSignedXml();
}

/**
 * Whether a signed batch carries exactly one valid signature by `certificatePem` over the
 * whole document (what the regulator checks; the tests and the local regulator use it).
 */
export function verifyAnsBatchSignature(signedXml: string, certificatePem: string): boolean {
  const document = new DOMParser().parseFromString(signedXml, 'text/xml');
  const signatures = document.getElementsByTagNameNS(DSIG_NS, 'Signature');
  if (signatures.length !== 1) return false;
  const verifier = new SignedXml({ publicCert: certificatePem });
  verifier.loadSignature(signatures[0]!.toString());
  try {
    if (!verifier.checkSignature(signedXml)) return false;
  } catch {
    return false;
  }
  // The one reference must cover the whole document (URI ""), not some part of it.
  const references = verifier.getReferences();
  return references.length === 1 && (references[0]!.uri ?? '') === '';
}
