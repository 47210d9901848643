"""Opens and seals Setpoint sealed values with python3-jwcrypto, an independent JOSE implementation.

Used by jwcrypto-interop.test.ts; it follows the recipe of docs/sealed-values.md. Run it with
/usr/bin/python3 (Debian's jwcrypto). Plaintexts travel on stdin/stdout only, never in argv.

  open PRIVATE_KEY_PEM ETCD_KEY              sealed value on stdin -> JSON on stdout:
                                             {"plaintext": base64url, "protected": {...}}
  seal ETCD_KEY PUBLIC_KEY_PEM:KID [...]     plaintext on stdin -> sealed value on stdout
"""
import base64
import json
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa, x25519
from jwcrypto import jwe, jwk

PREFIX = 'setpoint:sealed:v1:'
ALLOWED = ['RSA-OAEP-256', 'ECDH-ES+A256KW', 'A256GCM']


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b'=').decode('ascii')


def load_key(path):
    """A PEM key as a JWK. jwcrypto 1.1 cannot import X25519 from PEM, so that JWK is built by hand."""
    with open(path, 'rb') as f:
        pem = f.read()
    if b'PRIVATE KEY' in pem:
        key = serialization.load_pem_private_key(pem, password=None)
    else:
        key = serialization.load_pem_public_key(pem)
    raw = serialization.Encoding.Raw
    if isinstance(key, x25519.X25519PrivateKey):
        public = key.public_key().public_bytes(raw, serialization.PublicFormat.Raw)
        private = key.private_bytes(raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
        return jwk.JWK(kty='OKP', crv='X25519', x=b64url(public), d=b64url(private))
    if isinstance(key, x25519.X25519PublicKey):
        return jwk.JWK(kty='OKP', crv='X25519', x=b64url(key.public_bytes(raw, serialization.PublicFormat.Raw)))
    if isinstance(key, (rsa.RSAPrivateKey, rsa.RSAPublicKey)):
        return jwk.JWK.from_pem(pem)
    raise SystemExit('unsupported key type in ' + path)


def open_sealed(stored, etcd_key, key):
    if not stored.startswith(PREFIX):
        raise ValueError('not a Setpoint sealed value')
    token = jwe.JWE()
    token.allowed_algs = ALLOWED
    token.deserialize(stored[len(PREFIX):], key=key)
    protected = json.loads(token.objects['protected'])
    if protected.get('setpoint.key') != etcd_key:
        raise ValueError('the value was sealed for another key')
    return token.payload, protected


def seal(plaintext, etcd_key, recipients):
    def alg(key):
        return 'RSA-OAEP-256' if key['kty'] == 'RSA' else 'ECDH-ES+A256KW'

    if len(recipients) == 1:
        key, kid = recipients[0]
        protected = {'alg': alg(key), 'enc': 'A256GCM', 'kid': kid, 'setpoint.key': etcd_key}
        token = jwe.JWE(plaintext, protected=json.dumps(protected))
        token.add_recipient(key)
        return PREFIX + token.serialize(compact=True)
    protected = {'enc': 'A256GCM', 'setpoint.key': etcd_key, 'setpoint.kids': [kid for _, kid in recipients]}
    token = jwe.JWE(plaintext, protected=json.dumps(protected))
    for key, kid in recipients:
        token.add_recipient(key, header=json.dumps({'alg': alg(key), 'kid': kid}))
    return PREFIX + token.serialize(compact=False)


def main(argv):
    command = argv[1]
    if command == 'open':
        plaintext, protected = open_sealed(sys.stdin.read().strip(), argv[3], load_key(argv[2]))
        json.dump({'plaintext': b64url(plaintext), 'protected': protected}, sys.stdout)
    elif command == 'seal':
        recipients = []
        for spec in argv[3:]:
            path, kid = spec.rsplit(':', 1)
            recipients.append((load_key(path), kid))
        sys.stdout.write(seal(sys.stdin.buffer.read(), argv[2], recipients))
    else:
        raise SystemExit('unknown command ' + command)


if __name__ == '__main__':
    main(sys.argv)
