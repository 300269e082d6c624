"""Directory sign-in over LDAP or Active Directory (django-auth-ldap), on only when
``ZHENGGAI_LDAP_URI`` is set (docs/signin-directory.md): ``backend.DirectoryBackend`` checks the
password against the directory and gives the account the units and roles of the operator's rules
(``zhenggai.signin.directory_rules``) at each sign-in; ``config`` turns the ZHENGGAI_LDAP_* settings
into django-auth-ldap's."""
