"""The action table: lower-cased action name → handler(lms, params, wire) → JSON payload."""

from __future__ import annotations

from . import catalog, courses, site, users

ACTIONS = {
    # users (seed 004 pp.11-21)
    "users": users.users, "usersignup": users.usersignup, "edituser": users.edituser,
    "deleteuser": users.deleteuser, "usersetstatus": users.usersetstatus, "userlogin": users.userlogin,
    "userlogout": users.userlogout, "isuseronline": users.isuseronline, "forgotusername": users.forgotusername,
    "forgotpassword": users.forgotpassword, "getcustomregistrationfields": users.getcustomregistrationfields,
    "getusersbycustomfield": users.getusersbycustomfield,
    # courses (pp.22-31)
    "courses": courses.courses, "createcourse": courses.createcourse, "deletecourse": courses.deletecourse,
    "addusertocourse": courses.addusertocourse, "removeuserfromcourse": courses.removeuserfromcourse,
    "gotocourse": courses.gotocourse, "buycourse": courses.buycourse,
    "getcustomcoursefields": courses.getcustomcoursefields,
    "getcoursesbycustomfield": courses.getcoursesbycustomfield,
    "getuserstatusincourse": courses.getuserstatusincourse, "resetuserprogress": courses.resetuserprogress,
    # categories (pp.32-35)
    "categories": catalog.categories, "categoryleafsandcourses": catalog.categoryleafsandcourses,
    "buycategorycourses": courses.buycategorycourses,
    # groups (pp.36-38)
    "groups": catalog.groups, "creategroup": catalog.creategroup, "deletegroup": catalog.deletegroup,
    "addusertogroup": catalog.addusertogroup, "removeuserfromgroup": catalog.removeuserfromgroup,
    "addcoursetogroup": catalog.addcoursetogroup,
    # branches (pp.39-44)
    "branches": catalog.branches, "createbranch": catalog.createbranch, "deletebranch": catalog.deletebranch,
    "addusertobranch": catalog.addusertobranch, "removeuserfrombranch": catalog.removeuserfrombranch,
    "addcoursetobranch": catalog.addcoursetobranch, "branchsetstatus": catalog.branchsetstatus,
    # units (pp.44-49)
    "getusersprogressinunits": site.getusersprogressinunits, "gettestanswers": site.gettestanswers,
    "getsurveyanswers": site.getsurveyanswers, "getiltsessions": site.getiltsessions,
    # site (pp.50-52)
    "siteinfo": site.siteinfo, "ratelimit": site.ratelimit, "gettimeline": site.gettimeline,
}

#: create actions answer 200 like every other action (no 201 anywhere in the doc)
JSON_BODY_ACTIONS = frozenset({"usersignup"})  # clintmasden readme: JSON accepted here (200), refused elsewhere
