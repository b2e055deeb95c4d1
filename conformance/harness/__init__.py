"""What the suite needs around a target: an HTTP client that records masked evidence, a rate
limit, a callback sink, OTP sources and the generic OTP-form driver."""
