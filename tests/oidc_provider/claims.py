def userinfo(claims, user):
    """The standard claims the test provider knows of its users: a user name and an e-mail address."""
    claims["preferred_username"] = user.username
    claims["email"] = user.email
    claims["given_name"] = user.first_name
    # A city's provider may well send groups; Hemväg must never read roles from them.
    claims["groups"] = ["hemvag-admins"]
    return claims
