/* irradiance.h — sunlight on a tilted plane: angle of incidence, the Perez 1990 sky diffuse
 * model (coefficients "allsitescomposite1990"), isotropic ground reflection, the physical
 * incidence angle modifier of a module's cover, and the Erbs and DISC decompositions of
 * global horizontal irradiance into beam and diffuse when a file gives only GHI.
 * Pure: numbers in, numbers out; angles in degrees, irradiance in W/m2.
 *
 * Sources (cited again next to each formula in irradiance.c):
 *   Perez, Ineichen, Seals, Michalsky, Stewart, "Modeling daylight availability and
 *     irradiance components from direct and global irradiance", Solar Energy 44 (1990) 271.
 *   Erbs, Klein, Duffie, "Estimation of the diffuse radiation fraction for hourly, daily and
 *     monthly-average global radiation", Solar Energy 28 (1982) 293.
 *   Maxwell, "A quasi-physical model for converting hourly global horizontal to direct
 *     normal insolation", SERI/TR-215-3087 (1987) (DISC).
 *   De Soto, Klein, Beckman, Solar Energy 80 (2006) 78, eq. 14-16 (physical IAM);
 *     Duffie & Beckman, Solar Engineering of Thermal Processes, ch. 2 and 5. */
#ifndef GP_IRRADIANCE_H
#define GP_IRRADIANCE_H

/* The plane-of-array irradiance of one hour, W/m2. */
struct poa {
	double beam_w_m2;   /* DNI × cos(aoi), 0 when the sun is behind the plane or below */
	double sky_w_m2;    /* sky diffuse on the plane (Perez 1990) */
	double ground_w_m2; /* ground-reflected: GHI × albedo × (1 − cos tilt) / 2 */
	double global_w_m2; /* beam + sky + ground */
	double aoi_deg;     /* angle of incidence of the beam on the plane, 0..180 */
};

/* Angle of incidence of the sun's beam on a plane of tilt surface_tilt_deg (0 horizontal)
 * facing surface_azimuth_deg (eastward from north, 180 south), the sun at zenith_deg and
 * azimuth_deg (eastward from north): acos of the projection, 0..180 degrees. */
double irr_aoi_deg(double surface_tilt_deg, double surface_azimuth_deg, double zenith_deg,
		   double azimuth_deg);

/* Sky diffuse on the plane by Perez 1990 with the allsitescomposite1990 coefficients, from
 * DHI and DNI (W/m2), the extraterrestrial normal irradiance dni_extra_w_m2, the sun's
 * apparent zenith and azimuth, and the relative airmass (NAN below the horizon). 0 when
 * DHI is 0 or the sun is at or below the horizon (apparent zenith >= 90, as the Tucson
 * fixture's first row); never negative. */
double irr_perez_sky(double surface_tilt_deg, double surface_azimuth_deg, double dhi_w_m2,
		     double dni_w_m2, double dni_extra_w_m2, double zenith_deg, double azimuth_deg,
		     double airmass_relative);

/* Ground-reflected irradiance on the plane, isotropic: GHI × albedo × (1 − cos tilt) / 2. */
double irr_ground(double surface_tilt_deg, double ghi_w_m2, double albedo);

/* The whole plane of array for one hour: beam (DNI cos aoi, clipped at 0), Perez sky,
 * isotropic ground. NAN inputs give NAN outputs. */
void irr_poa(double surface_tilt_deg, double surface_azimuth_deg, double ghi_w_m2, double dni_w_m2,
	     double dhi_w_m2, double dni_extra_w_m2, double zenith_deg, double azimuth_deg,
	     double airmass_relative, double albedo, struct poa *out);

/* Physical incidence angle modifier of a cover of refractive index n, extinction
 * coefficient k_per_m and thickness l_m (PVWatts: 1.526, 4, 0.002) at aoi_deg: the
 * transmittance at aoi over the transmittance at normal incidence; 0 at or beyond 90. */
double irr_iam_physical(double aoi_deg, double n, double k_per_m, double l_m);

/* Erbs 1982: splits GHI at the sun's zenith on day of year doy into DNI and DHI by the
 * clearness index kt = GHI / (DNI_extra cos z) (kt capped as the model's range);
 * both 0 when the sun is at or below the horizon. */
void irr_erbs(double ghi_w_m2, double zenith_deg, int doy, double *dni_w_m2, double *dhi_w_m2);

/* DISC (Maxwell 1987): DNI from GHI, zenith, day of year and station pressure (Pa; the
 * model's airmass is pressure corrected); DHI = GHI − DNI cos z. Both 0 below the horizon
 * or at zenith above 87 degrees (the model's limit). */
void irr_disc(double ghi_w_m2, double zenith_deg, int doy, double pressure_pa, double *dni_w_m2,
	      double *dhi_w_m2);

#endif
