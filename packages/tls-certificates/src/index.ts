// The tls-certificates interface (requirer side), private keys, CSRs and certificate checks.
export {};
