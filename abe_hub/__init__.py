"""abe-hub: an account-centric warehouse built from Salesforce, HubSpot and a support desk."""

__version__ = "0.1.0"
