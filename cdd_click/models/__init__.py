"""SQLAlchemy 2 typed models, one module per aggregate."""

from cdd_click.models.article import Article
from cdd_click.models.audit import Revision
from cdd_click.models.claim import Claim, OwnerChange, OwnerItem, SignInLink
from cdd_click.models.common import Status
from cdd_click.models.geography import District, Province, Subdistrict
from cdd_click.models.imports import ImportJob, ImportUploadChunk
from cdd_click.models.listing import Listing
from cdd_click.models.media import MediaBlob, PendingUpload, Photo
from cdd_click.models.outbox import IndexChange
from cdd_click.models.report import ProblemReport
from cdd_click.models.settings import SiteSetting
from cdd_click.models.stats import PageViewDay, RecentViews, SearchWeek
from cdd_click.models.throttle import LoginThrottle
from cdd_click.models.user import Role, User
from cdd_click.models.village import Village

__all__ = ["Article", "Claim", "District", "ImportJob", "ImportUploadChunk", "IndexChange",
           "Listing", "LoginThrottle", "MediaBlob", "OwnerChange", "OwnerItem", "PageViewDay",
           "PendingUpload", "Photo", "ProblemReport", "Province", "RecentViews", "Revision",
           "Role", "SearchWeek", "SignInLink", "SiteSetting", "Status", "Subdistrict", "User",
           "Village"]
