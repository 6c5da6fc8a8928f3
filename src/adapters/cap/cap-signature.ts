// XML Signature (enveloped, as CAP 1.2 §3.3.2.1 describes) checked with xml-crypto: the state recorded on the alert.
// A valid signature says the alert is as its key signed it; whether that key belongs to a trusted sender is a
// separate decision, so the signer is recorded (certificate subject or key fingerprint) for that decision.
import { createHash, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import type { Element as XmlDomElement } from '@xmldom/xmldom';
import type * as XmlDom from '@xmldom/xmldom';
import type * as XmlCrypto from 'xml-crypto';
import type { SignatureState } from '../../model/index.ts';
import { packageOnDemand } from '../package-on-demand.ts';

// Loaded with the first signed alert: most alerts are unsigned, and every node process would otherwise hold them.
const xmlDom = packageOnDemand<typeof XmlDom>('@xmldom/xmldom', import.meta.url);
const xmlCrypto = packageOnDemand<typeof XmlCrypto>('xml-crypto', import.meta.url);

const DSIG = 'http://www.w3.org/2000/09/xmldsig#';

function firstText(el: XmlDomElement, localName: string): string | undefined {
  const found = el.getElementsByTagNameNS(DSIG, localName)[0];
  const t = found?.textContent?.replace(/\s+/g, '');
  return t ? t : undefined;
}

/** The key the signature names, and how to call its holder. */
function keyOf(signature: XmlDomElement): { key: KeyObject; signer: string } | { reason: string } {
  const cert = firstText(signature, 'X509Certificate');
  if (cert) {
    try {
      const x = new X509Certificate(Buffer.from(cert, 'base64'));
      return { key: x.publicKey, signer: x.subject.replace(/\n/g, ', ') };
    } catch {
      return { reason: 'X509Certificate cannot be read' };
    }
  }
  const modulus = firstText(signature, 'Modulus');
  const exponent = firstText(signature, 'Exponent');
  if (modulus && exponent) {
    const b64url = (b64: string) => Buffer.from(b64, 'base64').toString('base64url');
    try {
      const key = createPublicKey({ key: { kty: 'RSA', n: b64url(modulus), e: b64url(exponent) }, format: 'jwk' });
      const fingerprint = createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 32);
      return { key, signer: `RSA key sha256:${fingerprint}` };
    } catch {
      return { reason: 'RSAKeyValue cannot be read' };
    }
  }
  return { reason: 'no key in KeyInfo' };
}

/** The signature state of a screened XML document (no DOCTYPE): unsigned, valid with its signer, or invalid with why. */
export function verifyEnvelopedSignature(xml: string): SignatureState {
  // Most alerts are unsigned; a signature needs the XML-DSig namespace somewhere, so no DOM is built without it.
  if (!xml.includes(DSIG)) return { state: 'unsigned' };
  // Outside the try below: a package that cannot be loaded says nothing about the alert's signature.
  const { DOMParser } = xmlDom();
  const { SignedXml } = xmlCrypto();
  let doc;
  try {
    doc = new DOMParser({ onError: () => {} }).parseFromString(xml, 'text/xml');
  } catch (e) {
    return { state: 'invalid', reason: `document cannot be read for verification: ${(e as Error).message}` };
  }
  const signatures = doc.getElementsByTagNameNS(DSIG, 'Signature');
  // A countersigned alert carries several; the last one added covers the earlier ones, so it is the one checked.
  const signature = signatures[signatures.length - 1];
  if (!signature) return { state: 'unsigned' };
  // Only a signature over the whole alert (Reference URI="") counts; one over a part would leave the rest unsigned.
  const references = signature.getElementsByTagNameNS(DSIG, 'Reference');
  if (references.length !== 1 || references[0]!.getAttribute('URI') !== '') {
    return { state: 'invalid', reason: 'the signature does not cover the whole alert (Reference URI="")' };
  }
  const key = keyOf(signature);
  if ('reason' in key) return { state: 'invalid', reason: key.reason };
  try {
    const sig = new SignedXml({ publicCert: key.key, getCertFromKeyInfo: () => null });
    sig.loadSignature(signature as unknown as Node);
    return sig.checkSignature(xml) ? { state: 'valid', signer: key.signer } : { state: 'invalid', reason: 'signature value does not match' };
  } catch (e) {
    return { state: 'invalid', reason: (e as Error).message.split('\n')[0]!.slice(0, 300) };
  }
}
