"""The webhook suite: plays OCTO against any partner's callback receiver."""
