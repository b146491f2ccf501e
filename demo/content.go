package demo

import "slices"

// authorSpec describes one demo staff member.
type authorSpec struct {
	Name string // display name
	Slug string // URL slug, lowercase ascii words joined by '-'
	Bio  string // two or three sentences, plain text
	Role string // "editor", "author" or "contributor"
}

// categorySpec describes one demo section of the paper.
type categorySpec struct {
	Name        string
	Slug        string
	Description string // one sentence
}

// commentSpec describes one demo reader comment and its replies.
type commentSpec struct {
	Name    string
	Email   string // always an address at example.com, example.org or example.net
	Website string // "" or an https URL on example.com/.org/.net
	Body    string // plain text, one to three short paragraphs separated by a blank line ("\n\n")
	Replies []commentSpec
}

// articleSpec describes one demo article.
type articleSpec struct {
	Headline   string
	Dek        string   // one-sentence subtitle
	Category   string   // a categorySpec.Slug
	Tags       []string // 2 to 4 tag names, Title Case or lower case words; reuse tags across articles
	Authors    []string // authorSpec.Slug values in byline order; 1 author usually, 2 or 3 for some
	Dateline   string   // "" or a place name in capitals, e.g. "PORT ALDER"
	Body       string   // Markdown, see rules below
	SourceName string   // "" or the name of an invented wire service / partner outlet
	SourceURL  string   // "" or an https URL on example.com/.org/.net matching SourceName
	Comments   []commentSpec
}

var demoAuthors = []authorSpec{
	{
		Name: "Helen Marsh",
		Slug: "helen-marsh",
		Bio:  "Helen Marsh is the Observer's editor and has worked at the paper for more than twenty years, starting out as a court reporter. She oversees the newsroom's daily coverage and writes occasionally about civic life and the history of Port Alder. Outside the office she sails a small and very slow dinghy on the estuary.",
		Role: "editor",
	},
	{
		Name: "Tomás Reyes-Whitford",
		Slug: "tomas-reyes-whitford",
		Bio:  "Tomás Reyes-Whitford covers transport, infrastructure and the harbour. He joined the Observer from a business weekly and has a particular fondness for planning documents, shipping schedules and bridges.",
		Role: "author",
	},
	{
		Name: "Priya Castellan",
		Slug: "priya-castellan",
		Bio:  "Priya Castellan reports on Port Alder City Council and Greywater County, and writes about health and science. Before becoming a journalist she worked as a researcher for a housing charity.",
		Role: "author",
	},
	{
		Name: "Owen Brackley",
		Slug: "owen-brackley",
		Bio:  "Owen Brackley writes about sport and business, and about anything else that needs doing on a Saturday afternoon. He grew up in Northgate, has followed the Mariners since childhood and is still recovering from the relegation season of his teens.",
		Role: "author",
	},
	{
		Name: "Ruth Amundsen",
		Slug: "ruth-amundsen",
		Bio:  "Ruth Amundsen is a freelance writer and photographer based in Kestrel Point who contributes features on wildlife, the arts and community life. She is a keen open water swimmer and walks the coast path most mornings.",
		Role: "contributor",
	},
}

var demoCategories = []categorySpec{
	{
		Name:        "Local News",
		Slug:        "local",
		Description: "News from Port Alder's neighbourhoods, streets and public services.",
	},
	{
		Name:        "Politics",
		Slug:        "politics",
		Description: "City hall, county government and the decisions that shape the region.",
	},
	{
		Name:        "Business",
		Slug:        "business",
		Description: "Companies, jobs, the harbour economy and the people behind local enterprise.",
	},
	{
		Name:        "Science & Environment",
		Slug:        "science",
		Description: "Research, health, wildlife and the changing coastline around Port Alder.",
	},
	{
		Name:        "Culture",
		Slug:        "culture",
		Description: "Arts, music, theatre, film and heritage across Port Alder and the Greywater coast.",
	},
	{
		Name:        "Sport",
		Slug:        "sport",
		Description: "Results, previews and stories from the region's clubs, teams and athletes.",
	},
}

var demoArticles = []articleSpec{
	{
		Headline: "Harbour Bridge Lane Closures to Last Into Early Summer",
		Dek:      "Engineers say corrosion found during inspections means repairs to the city's main river crossing will take twice as long as planned.",
		Category: "local",
		Tags:     []string{"Transport", "Harbour Bridge", "Infrastructure"},
		Authors:  []string{"tomas-reyes-whitford"},
		Dateline: "PORT ALDER",
		Body: `Drivers crossing the Harbour Bridge should expect single-lane traffic in both directions until early summer, after inspectors found far more corrosion in the steel deck supports than had been anticipated when the repair programme was drawn up last year. The city's roads department had originally scheduled eight weeks of work, but now says the job will run for at least sixteen.

The bridge carries roughly 38,000 vehicles on a typical weekday and links the Quayside and Eastbank districts with the ring road. According to the [updated works schedule](https://example.org/port-alder/roads/harbour-bridge-works) published on Monday, the inside lanes will stay closed around the clock, while the footpath on the seaward side will close at weekends so that scaffolding can be moved along the span.

"Nobody wants to hear that a project has doubled in length, but the alternative is patching over a problem we now know is there," said Brendan Oyelaran, the city's principal structural engineer. He said the additional corrosion was concentrated around old drainage outlets, where salt water had pooled for decades, and stressed that the bridge remained entirely safe for traffic at the reduced speed limit of 20 mph.

> "We would rather be honest about the timetable now than keep moving the finish line every few weeks," Oyelaran added.

Businesses on the Eastbank side of the river say the delays are already being felt. Corinne Abello, who runs a hardware shop on Ferry Road, said deliveries that once arrived by nine in the morning now turn up closer to noon. Alder Valley Regional Transit has added three extra buses on the 12 and 14 routes during peak hours and is asking commuters to allow an extra fifteen minutes for their journeys.

The council will hold a drop-in session at Eastbank Community Centre next week, where residents can view the engineering drawings and put questions to the project team. Officials say the final cost is still being calculated, but early estimates suggest the extended repairs will add around $1.4 million to the original budget of $2.1 million, with the difference drawn from the city's infrastructure reserve rather than new borrowing.`,
		Comments: []commentSpec{
			{
				Name:    "Graham Pellew",
				Email:   "graham.pellew@example.net",
				Website: "https://example.net/pellew-photos",
				Body:    "I cross this bridge twice a day on my bike, and the seaward footpath closing at weekends is a real nuisance. It would be good to know whether cyclists can use the open road lane while the scaffolding is up.\n\nOtherwise, credit to the engineers for being upfront about it.",
				Replies: []commentSpec{
					{
						Name:    "Jonah Abernethy",
						Email:   "jonah.abernethy@example.org",
						Website: "https://example.org/jonah-rides",
						Body:    "During the last round of works cyclists were allowed in the road lane, as long as they dismounted at the expansion joints. Worth asking at the drop-in session to check it still applies.",
					},
				},
			},
			{
				Name:  "Lorna Fitch",
				Email: "lorna.fitch@example.com",
				Body:  "The extra buses on the 14 have already made a difference this week. Fifteen minutes of extra time is about right from Eastbank in the morning.",
			},
		},
	},
	{
		Headline: "Council Approves Revised Budget After Late-Night Session",
		Dek:      "A compromise on library funding and road maintenance won over wavering councillors shortly before one in the morning.",
		Category: "politics",
		Tags:     []string{"City Council", "Budget", "Libraries"},
		Authors:  []string{"priya-castellan", "helen-marsh"},
		Body: `Port Alder City Council approved a revised $412 million operating budget in the early hours of Thursday morning, ending a session that stretched well past midnight as councillors traded amendments on library hours, pothole repairs and the pace of hiring at the fire service. The final vote was nine to four, with two members who had been expected to oppose the plan switching sides after a late compromise.

The version that passed differs in several ways from the draft presented by the finance committee in February. Most notably, a proposed cut to branch library opening hours was reversed, funded by slowing the replacement of the city's fleet of maintenance vans over three years instead of two. The [finance committee's amended figures](https://example.org/port-alder/council/budget-amendments) show the change saves roughly $640,000 in the coming year.

## What changed overnight

Councillor Desmond Pryor, who chairs the finance committee, said the compromise came together during a recess shortly after eleven. "We had two groups of people who both wanted the same thing, a budget that doesn't fall apart in the autumn, and who both had a point," he said. "Once we stopped arguing about the vans as a symbol, the numbers worked."

Not everyone was persuaded. Councillor Gideon Falk, one of the four who voted against, argued that the budget still relied too heavily on a one-off transfer from reserves, and warned that next year's council would face a much harder set of choices if the city's income did not recover. He also questioned whether the older vans would end up costing more in repairs than the savings suggested.

> "We have balanced this year by borrowing from the future, and we should be honest with residents that the bill will arrive," Falk told the chamber.

The budget includes a 2.9 percent rise in the residential property levy, slightly below the 3.2 percent initially proposed, and sets aside $3 million for resurfacing roads in Northgate and Fernhill. Mayor Celia Arkwright, who does not vote on the budget except to break a tie, said she would sign it on Friday and thanked councillors for what she called a difficult but honest debate.`,
		Comments: []commentSpec{
			{
				Name:  "Peggy Llewellyn",
				Email: "peggy.llewellyn@example.net",
				Body:  "Very glad the library hours were saved. The Millbrook branch is the only quiet place my children have to do homework in the evenings.",
				Replies: []commentSpec{
					{
						Name:  "Martin Quaile",
						Email: "martin.quaile@example.com",
						Body:  "Agreed, though I'd like to know how old the maintenance vans will be by the time they are replaced. Slowing a fleet replacement sometimes just means higher repair bills later.",
						Replies: []commentSpec{
							{
								Name:  "Peggy Llewellyn",
								Email: "peggy.llewellyn@example.net",
								Body:  "That's a fair point. Perhaps the Observer could follow up on the repair costs next year?",
								Replies: []commentSpec{
									{
										Name:  "Dev Malhotra",
										Email: "dev.malhotra@example.org",
										Body:  "The fleet repair spend is published in the quarterly finance reports, so it should be easy enough to compare. I'd read that follow-up.",
									},
								},
							},
						},
					},
				},
			},
			{
				Name:  "Walt Ennis",
				Email: "walt.ennis@example.org",
				Body:  "A 2.9 percent rise is still more than my pension went up this year. I understand the reasons, but it adds up for people on fixed incomes.",
			},
		},
	},
	{
		Headline: "Mariners Snatch Late Equaliser Against Hollins Bay Rovers",
		Dek:      "A stoppage-time header from substitute Callum Reade rescued a point for Port Alder in a bruising coastal derby.",
		Category: "sport",
		Tags:     []string{"Football", "Mariners"},
		Authors:  []string{"owen-brackley"},
		Dateline: "HOLLINS BAY",
		Body: `Port Alder Mariners left Seaview Park with a 2-2 draw on Saturday after substitute Callum Reade headed in a corner deep into stoppage time, denying Hollins Bay Rovers a first home win over their neighbours in almost four years. The result keeps the Mariners fourth in the Coastal League table, two points clear of the chasing pack with six matches remaining.

Rovers dominated the first half and went ahead after eleven minutes, when winger Jamal Oduya cut inside from the right and curled a shot beyond goalkeeper Danny Roffey. They doubled the lead shortly before the interval from the penalty spot, after a clumsy challenge by Mariners defender Ollie Brandt, and the visiting supporters were unusually quiet as the teams went in.

Mariners manager Ken Arbuthnot made two changes at half-time, switching to a back three and pushing captain Sol Menendez into midfield. The adjustment paid off within ten minutes, when Menendez threaded a low pass through for striker Aaron Tighe to finish at the near post. According to the league's [official match statistics](https://example.com/coastal-league/matches/hollins-bay-port-alder) the visitors had nearly two-thirds of possession after the break.

"At half-time I told them we were lucky to be only two down, and that's the truth," Arbuthnot said afterwards. "The second half was the side I recognise. We pressed higher, we won our duels, and we kept believing until the last kick of the game."

The equaliser came in the fourth minute of added time. Menendez swung in a corner from the left, Reade rose above two defenders and glanced the ball into the far corner, sending the travelling supporters in the south stand into wild celebration. Reade, who is twenty and came through the club's academy, had been on the pitch for barely six minutes.

Rovers manager Denise Kilbride said her side had been punished for dropping too deep once they were ahead, and admitted the point felt like a defeat. The Mariners return home next Saturday to face Westerly Athletic, while Rovers travel to Dunmore Cross on Tuesday evening for a rearranged fixture.`,
	},
	{
		Headline: "Volunteers Count Record Number of Nesting Terns on Gull Spit",
		Dek:      "The annual survey found more than 1,100 breeding pairs, the highest total since counts began in the 1980s.",
		Category: "science",
		Tags:     []string{"Wildlife", "Environment", "Volunteers"},
		Authors:  []string{"ruth-amundsen"},
		Body: `Volunteers with the Greywater Bird Trust counted 1,126 breeding pairs of common and little terns on Gull Spit this season, the highest figure recorded since systematic surveys of the shingle peninsula began more than forty years ago. The previous record, set six years ago, was 947 pairs, and numbers had dipped below 700 as recently as the winter before last.

Pippa Hendry, the trust's site warden, credited a combination of calmer spring weather, a strong run of sand eels close inshore and the fencing installed three years ago to keep dogs and walkers away from the most sensitive nesting areas. "The birds have always wanted to be here. We've just got better at leaving them alone," she said.

> "Every pair on that shingle is a small bet that the sea will provide. This year the bet paid off," Hendry said.

The count is carried out over two days by around forty volunteers, who walk set lines across the spit and record nests from a distance using binoculars and tally counters. Results are checked against aerial photographs taken by a drone flown under licence from the county. The full figures are set out in the [trust's breeding season summary](https://example.net/greywater-birds/terns-summary) which also covers oystercatchers and ringed plovers.

Not every species fared as well. Ringed plover numbers fell for the third year in a row, with just fourteen pairs recorded, and the trust believes high spring tides washed out several early nests on the lower shingle. Hendry said the organisation was considering raised shingle platforms, a technique used elsewhere on the coast, to give the plovers a better chance of raising chicks.

Visitors are asked to stay on the marked boardwalk at the western end of Gull Spit until the end of August, when the last chicks are expected to fledge. The trust is also looking for more volunteers for next year's survey and runs a free training morning each spring at its visitor hut near the car park, where newcomers learn to tell the two tern species apart by call and bill colour.`,
		Comments: []commentSpec{
			{
				Name:    "Clare Moberly",
				Email:   "clare.moberly@example.net",
				Website: "https://example.net/moberly-garden",
				Body:    "We walked the boardwalk at the weekend and the noise from the colony was incredible. Thank you to everyone who does the count.\n\nIs there any news on the little terns specifically, or are they counted together with the common terns?",
				Replies: []commentSpec{
					{
						Name:  "Nadia Kovalenko",
						Email: "nadia.kovalenko@example.com",
						Body:  "I volunteered on the survey this year. They are counted separately, and little terns were up too, about ninety pairs if I remember rightly. The summary linked in the article has the full breakdown.",
					},
				},
			},
			{
				Name:  "Fergus Doyle",
				Email: "fergus.doyle@example.net",
				Body:  "Good to see the fencing has worked. There was a lot of grumbling when it went up, me included, but the numbers speak for themselves.",
			},
		},
	},
	{
		Headline: "Family-Run Bakery Opens Second Shop in Quayside Market Hall",
		Dek:      "Crumb and Tide, started by two siblings in a converted garage, is expanding after five years of morning queues on Wick Lane.",
		Category: "business",
		Tags:     []string{"Small Business", "Food", "Quayside"},
		Authors:  []string{"tomas-reyes-whitford"},
		Body: `Crumb and Tide, the bakery known for the queues that form outside its Wick Lane shop before seven most mornings, opened a second location in the Quayside Market Hall on Saturday. The new unit, a former cheese counter near the hall's north entrance, will sell bread, pastries and coffee seven days a week, and by mid-morning on its first day several trays had already sold out.

The business was started five years ago by siblings Marco and Lucia Ferrante, who began by baking sourdough in a converted garage behind their parents' house in Linden Heights and selling it from a folding table at the Saturday market. They moved into the Wick Lane premises eighteen months later and now employ fourteen people, including three bakers who work overnight shifts.

"We kept saying we'd wait until we were ready, and then we realised you are never completely ready," said Lucia Ferrante, who manages the front of house. "The market hall felt right because it's where we started. Half our regulars first found us at that folding table, and some of them still bring the same bag every week."

The expansion was partly funded by a loan from the city's small business growth fund, which offers low-interest finance of up to $75,000 to firms with fewer than twenty employees. The [fund's annual report](https://example.org/port-alder/business/growth-fund-report) shows it supported thirty-one businesses last year, most of them in food, retail and the building trades.

Marco Ferrante said the Quayside shop would also work as a second bakery, with a small deck oven that will allow the business to bake smaller batches throughout the day rather than bringing everything across town at dawn. He said the firm planned to hire six more staff over the summer, including two apprentice bakers who will train alongside the existing team.

Market hall manager Trevor Sandilands said occupancy at the hall had climbed to 94 percent, up from under 70 percent three years ago, as more independent food businesses look for space with lower overheads than a high street shop. He said the hall was now considering longer opening hours on Friday evenings to make the most of the growing number of traders.`,
		Comments: []commentSpec{
			{
				Name:    "Rosa Ventimiglia",
				Email:   "rosa.ventimiglia@example.org",
				Website: "https://example.org/rosa-cooks",
				Body:    "Their cardamom buns are worth every minute of the queue. Delighted there will be a second shop on my side of town.",
			},
			{
				Name:  "Tom Hatherley",
				Email: "tom.hatherley@example.com",
				Body:  "Good to see the growth fund being used for something like this. I'd be interested to know how many of the thirty-one businesses are still trading after three years.",
			},
		},
	},
	{
		Headline: "Alder Maritime Museum Unveils Restored Lighthouse Lens",
		Dek:      "The two-metre lens from the old Saltcombe Head light has returned to public view after a three-year conservation project.",
		Category: "culture",
		Tags:     []string{"Heritage", "Museums", "History"},
		Authors:  []string{"priya-castellan"},
		Body: `The great glass lens that once turned at the top of the Saltcombe Head lighthouse has gone back on public display at the Alder Maritime Museum, after a three-year conservation project that involved cleaning and reassembling more than three hundred individual prisms. The lens, nearly two metres tall, now stands in a purpose-built gallery on the museum's upper floor, overlooking the harbour it once helped to guard.

The light at Saltcombe Head was converted to an automatic electric beacon in the 1970s, and the original lens was taken down and stored in sections in a council warehouse for decades. Museum director Dr. Obi Thackeray said staff had initially feared that some of the prisms were beyond saving when the crates were finally opened.

"Several pieces were cloudy, chipped or held together with old putty," Thackeray said. "Our conservators went through it prism by prism, and there were weeks when progress was measured in millimetres. Seeing it lit again for the first time was genuinely emotional for the whole team."

> "For generations of fishing families, this was the light that meant you were nearly home," said Thackeray.

The work was carried out by a small team led by conservator Annelise Varga, with advice from specialists in historic optics. A rotating mechanism has been installed beneath the lens so visitors can see how its beam once swept across the water, although the lamp inside is now a low-power LED. The museum's [conservation diary](https://example.com/alder-maritime/lens-project) documents each stage of the project with photographs and short videos.

Conservation work of this kind is rarely quick, and Varga said the team had resisted the temptation to replace damaged prisms with modern copies wherever the originals could be saved. The gallery also includes a keeper's logbook, oil cans and a uniform jacket donated by the family of the last resident keeper, who left the station in 1974. Admission to the new gallery is included in the standard museum ticket, and the museum will host evening openings on the first Friday of each month, when the lens will be lit after dark and visible from the quay below.`,
	},
	{
		Headline: "Library Extends Evening Hours at Three Neighbourhood Branches",
		Dek:      "Millbrook, Fernhill and Eastbank branches will stay open until eight on weeknights from next month.",
		Category: "local",
		Tags:     []string{"Libraries", "Community", "City Council"},
		Authors:  []string{"helen-marsh"},
		Body: `Three of Port Alder's neighbourhood libraries will stay open until eight in the evening on weekdays from the start of next month, after funding for extended hours was restored in the revised city budget. The change reverses cuts made four years ago, when the branches began closing at five and evening study groups were forced to find other places to meet.

Chief librarian Wendell Price said evening opening had been the most common request in the library service's last two public surveys, particularly from students, shift workers and parents. "A library that closes when people finish work is a library that a lot of people simply can't use," he said. He added that visitor numbers at the three branches had fallen by almost a third after the earlier cuts, with the sharpest drop among teenagers.

The new weekday hours will apply at the following branches:

- Millbrook branch, Canal Street: 9am to 8pm
- Fernhill branch, Ashgrove Road: 10am to 8pm
- Eastbank branch, inside the community centre: 10am to 8pm

The central library on Harbour Square is unaffected and keeps its existing hours. According to the [library service's plan for the extended hours](https://example.org/port-alder/libraries/evening-hours) the additional staffing will be met through a mix of new part-time posts and extra hours offered to existing staff, with recruitment for six roles already under way and interviews due to finish within a fortnight.

> "We want these branches to feel like somewhere you can go after school or after a shift, not just somewhere you pass on the way home," Price said.

Price said the three branches would host homework clubs on Tuesday and Thursday evenings and a monthly evening book group at each location, and that study spaces and meeting rooms would be bookable online. The service will review evening visitor numbers after six months to decide whether to extend the scheme to the remaining branches at Northgate and Kestrel Point, where evening demand is also thought to be high. Price said regular users would be asked for feedback through a short survey at the issue desks during the first month.`,
	},
	{
		Headline: "Regional Transit Board Weighs Fare Freeze for Students",
		Dek:      "A proposal to hold student fares at current levels for two years would cost the transit authority about $900,000 a year.",
		Category: "politics",
		Tags:     []string{"Transport", "Schools", "Budget"},
		Authors:  []string{"owen-brackley", "priya-castellan"},
		Dateline: "SALTCOMBE",
		Body: `The board of Alder Valley Regional Transit will vote next month on whether to freeze bus and ferry fares for students aged sixteen to twenty-four for two years, after members heard that student ridership has fallen by almost a fifth since the last fare increase. The proposal was discussed at the board's meeting in Saltcombe on Wednesday evening, which drew an unusually large public audience.

Board chair Moira Tindall said the authority's own research suggested that price was the main reason younger passengers had switched to cycling, car sharing or simply travelling less. "We are losing a generation of riders at exactly the age when people form habits that last a lifetime," she said.

Under the proposal, the student monthly pass would remain at $38 while the standard adult pass rises by about four percent in the autumn. The board's [financial assessment of the freeze](https://example.net/avrt/board/student-fare-paper) estimates the cost at roughly $900,000 a year in lost fare revenue, though officials expect to recover part of that if student ridership climbs back towards previous levels.

Some board members questioned whether the freeze was the best use of limited funds. Ferdinand Osei, who represents Westerly on the board, said he supported the aim but would prefer to see the money spent on improving evening frequencies on routes serving the further education college. "A cheap bus is no help if it doesn't come," he said.

Student groups at Greywater University and Port Alder College have campaigned for lower fares for several years. Niamh Corrigan, president of the university's student union, said she welcomed the proposal but hoped the board would also look at extending the discount to apprentices, who currently pay full adult fares despite earning considerably less than most workers.

If approved, the freeze would take effect at the start of the autumn term and would be reviewed after its first year. The board will also consider a separate paper on evening frequencies at the same meeting, and officials said the two proposals were not necessarily in competition for the same money.`,
		SourceName: "Coastal Press Wire",
		SourceURL:  "https://example.net/coastal-press-wire/transit-student-fares",
	},
	{
		Headline: "Greywater Rowing Club Crews Sweep Spring Regatta on Alder River",
		Dek:      "The club won six of eight senior events, including a first women's eights title in more than a decade.",
		Category: "sport",
		Tags:     []string{"Rowing", "Alder River", "Youth Sport"},
		Authors:  []string{"ruth-amundsen"},
		Body: `Greywater Rowing Club dominated the Alder River Spring Regatta on Sunday, winning six of the eight senior events and taking the women's eights title for the first time in thirteen years. Around four hundred rowers from eleven clubs along the coast competed over the 1,500-metre course between the rail bridge and the old boathouse, in conditions that organisers described as close to perfect.

The women's eight, stroked by Fiona Gask, trailed Saltcombe Amateur Boat Club by almost a length at halfway but closed steadily through the final quarter and crossed the line a third of a second ahead. The crew had only been racing together since February, when two experienced rowers returned to the area after finishing university, and several members were competing in their first senior final.

"We didn't panic at halfway, because we knew our last five hundred has been our strongest piece all spring," Gask said. "The noise from the bank when we started to move through them was something else. I could hear my mum shouting over everyone."

> "This is what the club has been building towards for years: a squad where the juniors push the seniors and everyone has a seat worth fighting for," said head coach Bernard Mulvey.

Greywater also won the men's coxless four, both double sculls events and the mixed quad. The only senior events the club did not win were the men's eight, taken by Hollins Bay, and the single sculls, won by Saltcombe's Tariq Ollerton in a new course record. Full times are available in the [regatta committee's results sheet](https://example.com/alder-regatta/results-spring) along with the junior and masters results from the morning session.

The regatta, now in its sixty-second year, was nearly cancelled last spring because of high river levels after weeks of heavy rain. This year's event ran in calm water and sunshine, and organisers estimated that more than two thousand spectators lined the towpath over the course of the day, many of them picnicking on the meadow by the finish. Greywater's crews now turn their attention to the regional championships at Marrow Creek Reservoir next month, where the women's eight will be among the favourites.`,
		Comments: []commentSpec{
			{
				Name:  "Hollis Wade",
				Email: "hollis.wade@example.com",
				Body:  "Fantastic row by the women's eight. I was on the towpath near the finish and nobody around me thought they would catch Saltcombe.",
				Replies: []commentSpec{
					{
						Name:  "Kit Farrand",
						Email: "kit.farrand@example.net",
						Body:  "My daughter rows in the juniors and the whole squad has talked about nothing else all week. Great to see it written up properly.",
					},
				},
			},
			{
				Name:  "Walt Ennis",
				Email: "walt.ennis@example.org",
				Body:  "Sixty-two years of the regatta. I rowed in it in the seventies, when the course still finished at the old ferry steps.\n\nLovely to see it thriving.",
			},
		},
	},
	{
		Headline: "Harbour Authority Reports Busiest Quarter for Container Traffic",
		Dek:      "Volumes rose 12 percent on the same period last year, driven by new shipping routes and a rebound in timber exports.",
		Category: "business",
		Tags:     []string{"Harbour", "Economy", "Shipping"},
		Authors:  []string{"tomas-reyes-whitford", "owen-brackley"},
		Dateline: "PORT ALDER",
		Body: `The Port Alder Harbour Authority handled more containers in the first three months of the year than in any quarter in its history, according to figures released on Tuesday. Container volumes rose 12 percent compared with the same period last year, with the authority pointing to two new scheduled shipping services and a recovery in timber exports from inland sawmills. Timber was the standout performer, rising by almost a fifth as mills in the valley cleared stock that had built up over the winter.

The figures, set out in the [authority's quarterly trade bulletin](https://example.org/pa-harbour/trade-bulletin-q1) show growth in most of the main cargo categories, although bulk grain shipments fell slightly after a weaker harvest across the region.

| Cargo type | This quarter | Same quarter last year | Change |
| --- | --- | --- | --- |
| Containers (TEU) | 84,300 | 75,250 | +12% |
| Timber (tonnes) | 212,000 | 181,000 | +17% |
| Bulk grain (tonnes) | 96,500 | 99,800 | -3% |
| Passenger ferry sailings | 1,420 | 1,390 | +2% |

Ines Calloway, the authority's chief executive, said the results reflected investment in the container terminal's two new cranes, which came into service last autumn and cut average ship turnaround times by almost a day. "Shipping lines go where they can get in and out quickly, and for the first time we can offer that reliably," she said. She added that the authority expected growth to slow in the second half of the year as the new services settled down.

> "Growth is welcome, but it has to come with a plan for the roads, the rail link and the people who live next to the port," said Councillor Amara Nwosu-Byrne.

Residents in the Northgate district, which sits beside the main freight road into the terminal, have raised concerns about the increase in lorry traffic and the noise of night-time deliveries. Nwosu-Byrne, who represents the ward, has called for more cargo to be moved by rail. The authority said it was in talks with the regional rail operator about adding a third daily freight train from the summer, which would take around forty lorries a day off local roads.

The authority employs about 640 people directly, and Calloway said a further thirty posts would be created this year, mainly crane operators and maintenance technicians. It is also expanding its apprenticeship scheme with Port Alder College, doubling the number of places to twenty.`,
	},
	{
		Headline: "University Team Maps Eelgrass Recovery in the Alder Estuary",
		Dek:      "Underwater meadows that all but vanished in the 1990s are returning, according to three years of drone and diver surveys.",
		Category: "science",
		Tags:     []string{"Environment", "Science", "Alder River", "Greywater University"},
		Authors:  []string{"priya-castellan", "ruth-amundsen", "tomas-reyes-whitford"},
		Body: `Eelgrass meadows in the Alder Estuary have expanded to cover nearly forty hectares, according to a new survey by marine scientists at Greywater University, a recovery that researchers describe as one of the most encouraging signs for the estuary's health in a generation. The seagrass had almost entirely disappeared from the estuary by the late 1990s, and as recently as ten years ago only a few scattered patches remained near the mouth of the river.

The team, led by marine ecologist Dr. Hana Sato-Mirren, combined aerial images taken by drone at low tide with dive surveys to map where the plants were growing and how dense the beds had become. Their findings are described in a [summary of the estuary mapping project](https://example.net/greywater-university/marine/eelgrass-mapping) released alongside the full dataset, which is free for anyone to download.

## Why the meadows matter

Eelgrass provides nursery habitat for young fish and shellfish, stabilises sediment on the estuary bed and stores carbon in the mud beneath it. "These meadows are quiet workhorses," Sato-Mirren said. "They shelter juvenile flatfish, they calm the water, and they lock away carbon in a way that is remarkably efficient for such an unassuming plant."

Researchers believe the recovery is linked to improvements in water quality following upgrades at the Eastbank treatment works over the past fifteen years, which reduced the nutrient run-off that once fuelled algae blooms and clouded the water. The end of heavy dredging in the upper estuary, after the old timber wharves closed, is also thought to have helped the plants take hold again.

> "We did not plant a single shoot. The estuary did this by itself once we stopped making it so hard," said Sato-Mirren.

The team is now working with local oyster growers and the harbour authority on guidance to keep moorings and boat traffic away from the most established beds, where anchor chains can tear up the roots. Volunteers will be invited to join shoreline surveys later this summer, and the university plans to repeat the aerial mapping every two years to track whether the meadows continue to spread upstream towards the rail bridge.`,
		Comments: []commentSpec{
			{
				Name:  "Yusuf Erdem",
				Email: "yusuf.erdem@example.org",
				Body:  "As someone who has kayaked the estuary for twenty years, I can confirm the water is clearer than it used to be. Good to have the science behind what we have been noticing.\n\nWill the mooring guidance be voluntary or enforced?",
				Replies: []commentSpec{
					{
						Name:    "Graham Pellew",
						Email:   "graham.pellew@example.net",
						Website: "https://example.net/pellew-photos",
						Body:    "From what was said at the harbour users' meeting, it will start as voluntary, with marker buoys around the main beds.",
						Replies: []commentSpec{
							{
								Name:  "Yusuf Erdem",
								Email: "yusuf.erdem@example.org",
								Body:  "Thanks, that makes sense as a first step. The buoys should help a lot.",
							},
						},
					},
				},
			},
			{
				Name:  "Sunita Rao",
				Email: "sunita.rao@example.net",
				Body:  "Lovely to read some positive environmental news for a change. I'll be signing up for the shoreline surveys.",
			},
		},
	},
	{
		Headline: "Fernhill Parents Petition for Safer Crossing Near Primary School",
		Dek:      "More than 1,200 people have signed a call for a signal-controlled crossing on Ashgrove Road.",
		Category: "local",
		Tags:     []string{"Schools", "Road Safety", "Fernhill"},
		Authors:  []string{"owen-brackley"},
		Body: `Parents in Fernhill have collected more than 1,200 signatures calling for a signal-controlled crossing on Ashgrove Road outside Fernhill Primary School, where they say speeding traffic and parked cars make the walk to school dangerous. The petition will be presented to the city's transport committee at its next meeting, and campaigners hope it will prompt a decision before the new school year.

The road is currently served by a school crossing patrol in the mornings and afternoons, but campaigners say children walking to after-school clubs or weekend activities have no safe place to cross. Organiser Bethan Carrow, whose two children attend the school, said near misses had become a weekly occurrence, particularly on dark winter evenings.

"Our crossing patrol officer is wonderful, but she can't be there at half past five when the football club finishes," Carrow said. "We're not asking for anything unusual. We're asking for the kind of crossing that already exists outside most schools in this city."

Traffic counts carried out by the city last autumn recorded an average of 6,800 vehicles a day on that stretch of Ashgrove Road, with around one in five exceeding the 30 mph limit. The [transport department's speed survey](https://example.org/port-alder/transport/ashgrove-road-survey) also noted that the road is increasingly used as a shortcut between the ring road and the retail park, especially at weekends.

A spokesperson for the transport department said a signal crossing at the location had been assessed four years ago but had not met the criteria in place at the time. The department said it would carry out a fresh assessment before the committee meeting, taking into account the new housing built on the former dairy site nearby, which has added several hundred residents to the area.

Councillor Rhiannon Teague, who represents Fernhill, said she supported the petition and would ask the committee to consider interim measures such as a speed camera or a raised table while a permanent crossing is designed. Campaigners plan a walk from the school gates to the council offices on the morning of the meeting, and say several hundred parents and children have already said they will take part.`,
		Comments: []commentSpec{
			{
				Name:  "Lorna Fitch",
				Email: "lorna.fitch@example.com",
				Body:  "I drive this road every day and the speeds at rush hour are genuinely frightening. A raised table would be a quick win.",
				Replies: []commentSpec{
					{
						Name:  "Martin Quaile",
						Email: "martin.quaile@example.com",
						Body:  "Raised tables on bus routes can be rough for passengers, though. The 9 runs along Ashgrove Road, so signals might be the better option.",
						Replies: []commentSpec{
							{
								Name:  "Lorna Fitch",
								Email: "lorna.fitch@example.com",
								Body:  "Fair point, I hadn't thought about the buses.",
							},
						},
					},
				},
			},
			{
				Name:  "Coralie Baptiste",
				Email: "coralie.baptiste@example.com",
				Body:  "Signed the petition. Our eldest walks to Scouts along there on Thursday evenings, and it is dark by six in winter.",
			},
		},
	},
	{
		Headline: "Port Alder Jazz Week Announces Expanded Lineup and Free Stages",
		Dek:      "This year's festival adds a second outdoor stage on the harbour front and a programme of free lunchtime concerts.",
		Category: "culture",
		Tags:     []string{"Music", "Festivals", "Quayside"},
		Authors:  []string{"ruth-amundsen"},
		Body: `Port Alder Jazz Week will return this summer with its largest programme yet, including more than sixty performances across nine days and, for the first time, two free outdoor stages on the harbour front. Organisers announced the lineup on Thursday evening at the Customs House, which has been the festival's main indoor venue since it was founded nineteen years ago.

Festival director Theo Banerji said the aim was to make jazz feel less like a ticketed event for enthusiasts and more like a natural part of the city's summer. "Some of the best music of the week happens at lunchtime in the open air, and it shouldn't cost anything to stumble across it," he said.

Highlights of this year's programme include:

- An opening night at the Customs House by the Greywater Big Band with guest vocalist Odette Marlow
- A late-night session series at the Anchor Rooms featuring young players from the region
- A family afternoon with instrument workshops in Harbour Square
- A closing concert on the quay, weather permitting

Tickets for the evening concerts go on sale next week through the [festival's booking page](https://example.com/pa-jazz-week/tickets) with concessions for students and for residents over sixty-five. Festival passes, which cover every ticketed event, are priced at $120, unchanged from last year, and organisers say they expect the passes to sell out within days.

> "When I was fifteen I heard a trio play on the quay and it changed what I wanted to do with my life. That's the experience we want to give people," said Banerji.

The festival is supported by the city council, the regional arts board and a number of local businesses, including several restaurants on the quay that will host small acoustic sets. Organisers are also looking for around eighty volunteers to help with stewarding, stage management and information points, and will hold an open evening for prospective volunteers at the Customs House later this month, with no experience required. Last year more than half of the festival's volunteers were attending their first Jazz Week, and many have already signed up to return.`,
	},
	{
		Headline: "Mayor Arkwright Outlines Housing Plan in Annual State of the City Address",
		Dek:      "The plan sets a target of 3,000 new homes over five years, a third of them affordable, largely on brownfield sites.",
		Category: "politics",
		Tags:     []string{"Housing", "City Council"},
		Authors:  []string{"helen-marsh", "priya-castellan"},
		Body: `Mayor Celia Arkwright used her annual State of the City address on Monday evening to set out a plan for 3,000 new homes in Port Alder over the next five years, with at least a third offered at below-market rents or prices. The speech, delivered to a packed hall at the Civic Centre, focused almost entirely on housing, a departure from previous years when the mayor has ranged across transport, the economy and public safety.

Arkwright said rising rents were now the most common concern raised with her office, ahead of transport and crime. "Too many people who grew up here, who teach our children and staff our hospital, are being priced out of the city they call home," she said. "That is not a problem the market will solve on its own."

## Where the homes would go

The plan identifies a series of brownfield sites, including the former gasworks in Eastbank, railway sidings near Northgate station and several surplus council depots. According to the [draft housing framework](https://example.org/port-alder/housing/framework-draft) published alongside the speech, about 1,800 of the homes would be built on land the city already owns, allowing it to attach conditions on affordability and design when it sells or leases the sites.

> "If we own the land, we can decide who the homes are for," Arkwright told the audience, drawing the loudest applause of the night.

Opposition councillors gave the plan a cautious welcome but questioned how it would be paid for. Councillor Gideon Falk said the framework contained no detailed costings and warned that infrastructure such as schools, doctors' surgeries and roads needed to be planned alongside the homes rather than added afterwards. Housing charities welcomed the affordability target but said they wanted to see how below-market rents would be defined.

The draft framework will go out for public consultation for ten weeks from next month, with drop-in events planned in each ward and an online survey for those unable to attend. A final version is due to be put to the full council before the end of the year, and the first sites could be offered to developers within eighteen months if it is approved.`,
		Comments: []commentSpec{
			{
				Name:  "Dev Malhotra",
				Email: "dev.malhotra@example.org",
				Body:  "Good to see the gasworks site finally in a plan. It has been empty since I was at school.\n\nI'd like to know what below-market means in practice, though. Eighty percent of a very high rent is still a very high rent.",
				Replies: []commentSpec{
					{
						Name:  "Annika Sorel",
						Email: "annika.sorel@example.org",
						Body:  "The draft framework covers it in the affordability chapter. Some homes would be tied to local incomes and some set at eighty percent of market rent. Worth reading before the consultation events.",
						Replies: []commentSpec{
							{
								Name:  "Dev Malhotra",
								Email: "dev.malhotra@example.org",
								Body:  "Thanks, I'll have a look. Tying rents to local incomes is much more meaningful.",
								Replies: []commentSpec{
									{
										Name:  "Annika Sorel",
										Email: "annika.sorel@example.org",
										Body:  "Agreed. Hopefully that part survives the consultation intact.",
									},
								},
							},
						},
					},
				},
			},
			{
				Name:  "Ike Brannigan",
				Email: "ike.brannigan@example.net",
				Body:  "Councillor Falk is right about the schools. Fernhill Primary is already full, and the new houses on the dairy site are not all occupied yet.",
				Replies: []commentSpec{
					{
						Name:  "Bev Tranter",
						Email: "bev.tranter@example.com",
						Body:  "I believe Fernhill Primary is getting two extra classrooms next year, but that only helps if the new homes come in gradually.",
					},
				},
			},
		},
	},
	{
		Headline: "Calder and Venn Shipyard Wins Contract for Two Hybrid Ferries",
		Dek:      "The order from the island ferry operator will secure around 200 jobs at the yard for at least three years.",
		Category: "business",
		Tags:     []string{"Shipbuilding", "Jobs", "Economy"},
		Authors:  []string{"owen-brackley"},
		Dateline: "PORT ALDER",
		Body: `Calder and Venn Shipbuilders has won a contract to build two diesel-electric hybrid ferries for Outer Isles Ferry Services, securing around two hundred jobs at its yard on the western side of the harbour for at least three years. The value of the order was not disclosed, but people familiar with the industry estimate it at more than $90 million.

The vessels, each designed to carry 350 passengers and sixty cars, will replace two ageing ships on the routes between Port Alder and the outer islands. They will run on battery power when entering and leaving harbour, reducing noise and emissions close to shore, and switch to diesel generators for the open-water crossing, with batteries recharged from shore power overnight.

Managing director Harriet Venn said the contract was the largest the yard had won in more than a decade. "This is a vote of confidence in the people who work here," she said. "For years we have been told that ships like this would only ever be built abroad. We intend to prove that wrong."

Steel cutting for the first ferry is expected to begin in the autumn, with delivery planned within two and a half years. The yard will take on twenty-five new apprentices over the course of the contract, and Venn said the company was working with Port Alder College on a new course in marine electrical systems. Details of the design are set out in the [operator's fleet renewal statement](https://example.org/greywater-gazette/ferry-fleet-renewal) published on Wednesday, including plans for improved accessibility on board.

Union representatives at the yard welcomed the news. Gordon Beattie, convenor for the yard's largest union branch, said workers had been through several years of uncertainty after a previous order was cancelled and some colleagues had left the industry altogether. "People will sleep a bit easier tonight," he said.

Island councillors said the new ferries were long overdue, pointing to a series of breakdowns on the current vessels last winter that left some communities without a service for several days at a time. The operator said the existing ships would remain in service until the new vessels had completed sea trials.`,
		SourceName: "Greywater Gazette",
		SourceURL:  "https://example.org/greywater-gazette/shipyard-ferry-contract",
	},
	{
		Headline: "Harbour Hawks Clinch Playoff Place With Overtime Win Over Westerly",
		Dek:      "Point guard Maya Obinna scored 31 points as the Hawks edged a tense contest at the Dockside Arena.",
		Category: "sport",
		Tags:     []string{"Basketball", "Harbour Hawks"},
		Authors:  []string{"owen-brackley", "tomas-reyes-whitford"},
		Body: `The Harbour Hawks secured a place in the Coastal Basketball League playoffs on Friday night with a 94-91 overtime victory over Westerly Storm, in front of a sellout crowd of 2,300 at the Dockside Arena. Point guard Maya Obinna led the way with 31 points and nine assists in what her coach called the best performance of her career so far. Westerly had won both previous meetings between the sides this season, including a twenty-point victory in January.

The Hawks trailed by eight points with under four minutes of regulation remaining before a run of three straight baskets, including a corner three from forward Jess Tiernan, brought them level. Westerly had the last possession of the fourth quarter but missed a contested jump shot at the buzzer, and the arena was on its feet for the entire five minutes of overtime.

In overtime the teams traded baskets until Obinna drove to the rim with 22 seconds left to put the Hawks ahead by three, and Westerly's final attempt to tie the game fell short. "I just wanted the ball in my hands at the end. The team trusted me and I didn't want to let them down," Obinna said.

> "Four minutes to go, down eight, and nobody on our bench looked worried. That tells you everything about this group," said head coach Lena Marchetti.

The win is a milestone for a club that finished second from bottom two seasons ago. Marchetti, who took charge last summer, has rebuilt the roster around younger players, several of whom came through the club's academy programme at the Dockside Arena. According to the [league standings page](https://example.com/coastal-basketball/standings) the Hawks are now guaranteed to finish no lower than sixth, and could still climb as high as third.

The Hawks have two regular season games remaining, both away from home, before the playoffs begin next month. Tickets for any home playoff games will go on sale to season ticket holders first, and the club has asked fans not to queue at the arena box office before the official sale date is announced.`,
	},
	{
		Headline: "Storm Damage Repairs Begin on Eastbank Seawall Promenade",
		Dek:      "A 200-metre section of the promenade will be closed for around ten weeks while damaged stonework is rebuilt.",
		Category: "local",
		Tags:     []string{"Coast", "Eastbank", "Infrastructure"},
		Authors:  []string{"tomas-reyes-whitford"},
		Dateline: "PORT ALDER",
		Body: `Contractors began work on Monday to repair a 200-metre stretch of the Eastbank seawall that was damaged during the February storms, when waves lifted paving slabs from the promenade and opened cracks in the stone facing below. The section between the lifeboat station and the bandstand will be closed to the public for around ten weeks, and temporary fencing went up over the weekend. Lifeboat crews will keep access to their station throughout the works.

City engineer Brendan Oyelaran said the storms had exposed weaknesses in a part of the wall built in the 1890s and patched many times since. Surveys carried out after the storm found voids behind the stonework where the sea had washed out fill material over many years. The findings are detailed in the [post-storm inspection report](https://example.net/port-alder/coast/eastbank-inspection) published in March, which rated the section as the most urgent on the city's coastline.

"From the promenade it looked like a few broken slabs, but underneath we found cavities big enough to crawl into," Oyelaran said. "If we had simply relaid the paving, we would have been back here after the next big storm, and the repair would have cost far more."

> "The sea always finds the weakest point, and our job is to make sure there isn't one," said Oyelaran.

The work involves filling the voids with concrete, rebuilding the damaged facing with a mix of reclaimed and new granite, and raising the height of the parapet by thirty centimetres to reduce the amount of spray reaching the road behind. The repairs will cost an estimated $2.6 million, with about half covered by a regional coastal resilience grant and the remainder from the city's capital budget.

A diversion for pedestrians and cyclists will run along Marine Terrace, and the bandstand will remain open for the summer programme of concerts. The Eastbank Traders' Association said cafes along the front had been consulted on the timing of the work, which is scheduled to finish before the school holidays begin, and that most were relieved the repairs would not run into the busiest weeks of the year.`,
		Comments: []commentSpec{
			{
				Name:  "Tom Hatherley",
				Email: "tom.hatherley@example.com",
				Body:  "Glad they are fixing it properly rather than doing another patch job. Raising the parapet is sensible given how the waves came over in February.",
			},
			{
				Name:  "Peggy Llewellyn",
				Email: "peggy.llewellyn@example.net",
				Body:  "The Marine Terrace diversion is fine on foot but quite steep for wheelchair users. Hopefully there will be signs pointing to the flatter route via Chapel Street.",
			},
		},
	},
	{
		Headline: "Air Quality Sensors Installed Along Northgate Freight Corridor",
		Dek:      "Twelve low-cost monitors will publish readings online every fifteen minutes as residents push for action on lorry emissions.",
		Category: "science",
		Tags:     []string{"Air Quality", "Northgate", "Health", "Environment"},
		Authors:  []string{"priya-castellan"},
		Body: `Twelve air quality sensors have been installed along the main freight route through Northgate, giving residents near-real-time readings of pollution levels on a stretch of road that carries most of the lorry traffic to and from the container terminal. The monitors were fixed to lamp posts and building walls over the past fortnight, with several placed close to the primary school and the health centre on Dock Road.

The project is a partnership between the city's environmental health team, Greywater University and the residents' group Clean Air Northgate, which has campaigned for several years for better data on the impact of port traffic. Readings will be published every fifteen minutes on the [city's open air quality map](https://example.org/port-alder/air-quality/northgate) alongside data from the two existing official monitoring stations.

The sensors measure:

- fine particulate matter, known as PM2.5
- coarser particles, known as PM10
- nitrogen dioxide, mainly from diesel engines
- temperature and humidity, used to calibrate the readings

Dr. Marcus Ilunga, an atmospheric scientist at the university who helped design the network, said low-cost sensors were less precise than official monitors but could reveal patterns across a whole neighbourhood. "One official station tells you a lot about one spot. Twelve cheaper sensors tell you where the problem is worst and when," he said.

Clean Air Northgate chair Gloria Akintola said residents had long suspected that pollution peaked in the early morning, when lorries queue along Dock Road waiting for the terminal gates to open. "Now we'll be able to see it, and so will the people who make decisions about the port," she said.

The city has committed to publishing a first analysis of the data after six months. The harbour authority said it would use the readings to assess a proposed booking system for lorry arrivals, intended to reduce queuing on residential streets by giving hauliers fixed time slots at the terminal gates. Akintola said the group would hold monthly meetings at the Northgate community hall to go through the readings with residents, and that volunteers were being trained to help neighbours use the online map.`,
		Comments: []commentSpec{
			{
				Name:  "Nadia Kovalenko",
				Email: "nadia.kovalenko@example.com",
				Body:  "I live two streets back from Dock Road and the morning lorry queues are exactly the issue. Really pleased this data will be public.",
			},
			{
				Name:  "Fergus Doyle",
				Email: "fergus.doyle@example.net",
				Body:  "A booking system for lorries seems like the obvious answer. Other ports manage it, so why has it taken so long here?",
			},
		},
	},
	{
		Headline: "Community Theatre Revives Forgotten Fishing Village Drama",
		Dek:      "The Herring Year, written in 1952 by a Saltcombe schoolteacher, is being staged for the first time in more than sixty years.",
		Category: "culture",
		Tags:     []string{"Theatre", "Arts", "History"},
		Authors:  []string{"ruth-amundsen", "helen-marsh"},
		Body: `Port Alder Community Theatre will open its spring season next week with The Herring Year, a play about a fishing village in the grip of a failed season that has not been performed since the early 1960s. The script was rediscovered last year among papers donated to the county archive by the family of its author, Maud Peverell, and has never been published.

Peverell, a schoolteacher in Saltcombe, wrote the play in 1952 for a village hall company and drew on interviews with local fishing families. It was performed a handful of times around the region before falling out of memory. Director Gwen Arliss came across the typescript while researching the county's amateur theatre history for a talk she had been asked to give.

"I started reading it in the archive reading room and didn't look up for two hours," Arliss said. "It's funny, it's angry, and the dialogue sounds exactly like my grandparents talking. I couldn't believe nobody had staged it in sixty years."

> "We haven't modernised it. We have trusted it. The play knows what it is doing," said Arliss.

The production features a cast of nineteen, ranging in age from eleven to eighty-three, and includes three actors who are descendants of families Peverell interviewed for the original script. The set, built by volunteers over the winter, reproduces a harbour wall and net loft using timber salvaged from a demolished boatshed in Hollins Bay.

The county archive has put a selection of Peverell's notes and letters on display in the theatre foyer, and a digitised copy of the original typescript is available through the [archive's online collection](https://example.net/greywater-archive/peverell-papers) for anyone who wants to read it before seeing the play. Archivists say they are keen to hear from anyone with memories of the early performances.

The Herring Year runs for eight performances at the Wharf Street Playhouse. Tickets are $14, or $9 for students and children, and a relaxed performance with lower sound levels and house lights left partly on will be held on the Saturday afternoon.`,
		Comments: []commentSpec{
			{
				Name:  "Marguerite Dunlevy",
				Email: "marguerite.dunlevy@example.org",
				Body:  "My grandmother knew Maud Peverell when she was teaching in Saltcombe. She always said Miss Peverell wrote everything down.\n\nLovely to see her work on stage at last.",
				Replies: []commentSpec{
					{
						Name:  "Annika Sorel",
						Email: "annika.sorel@example.org",
						Body:  "What a wonderful connection. You should tell the theatre or the archive, they would probably love to hear any stories your grandmother passed on.",
						Replies: []commentSpec{
							{
								Name:  "Marguerite Dunlevy",
								Email: "marguerite.dunlevy@example.org",
								Body:  "I emailed the archive this morning. Thank you for the nudge.",
							},
						},
					},
				},
			},
			{
				Name:  "Kit Farrand",
				Email: "kit.farrand@example.net",
				Body:  "Saw the dress rehearsal. The harbour wall set is extraordinary. Go if you can.",
			},
		},
	},
	{
		Headline: "County Commissioners Split Over Coastal Zoning Amendment",
		Dek:      "A proposal to allow holiday lodges on farmland near the shore was sent back for further study after a two-two vote.",
		Category: "politics",
		Tags:     []string{"Planning", "Greywater County", "Coast"},
		Authors:  []string{"priya-castellan"},
		Dateline: "DUNMORE CROSS",
		Body: `Greywater County commissioners were unable to agree on Tuesday on a proposed amendment to the coastal zoning plan that would allow small holiday lodge developments on farmland within a kilometre of the shore. The four-member board split evenly after a long and at times tense debate, sending the proposal back to county planners for further study.

Supporters say the change would give struggling farms a new source of income and bring visitors to quieter parts of the coast. Commissioner Ray Bellamy, who proposed the amendment, said several farming families had told him they could not survive on agriculture alone. "This is about keeping farms in the hands of families who have worked them for generations," he said.

Opponents argued that the amendment was too loosely drawn and risked opening the coastline to large-scale development. Commissioner Joanna Strick said the proposed limits on the number of lodges per site could be worked around simply by dividing land into smaller parcels, and that the plan said little about roads, drainage or lighting.

> "Once a stretch of coast is built on, it does not come back. We need to be certain the safeguards work before we vote, not after," Strick said.

More than ninety people attended the meeting at the county offices, and public comment ran for nearly two hours. Speakers included farmers, campsite owners, walkers and representatives of the Greywater Coast Trust, which manages several nature reserves along the shore. The [planning department's consultation summary](https://example.com/greywater-county/planning/coastal-amendment) recorded more than 400 written responses, roughly evenly divided between supporters and opponents.

Planners will now examine options including a cap on the total number of lodges permitted across the county, a minimum distance from nature reserves and stricter rules on landscaping and outdoor lighting. The amendment is expected to return to the board within three months, and both Bellamy and Strick said afterwards that they believed a compromise was possible. Farming groups said they would submit detailed suggestions to planners, while the Greywater Coast Trust has offered to map the stretches of shoreline it considers most sensitive.`,
		SourceName: "Tideline Public Radio",
		SourceURL:  "https://example.com/tideline-radio/news/coastal-zoning-vote",
	},
	{
		Headline: "Independent Bookshop Marks Forty Years on Linden Street",
		Dek:      "Linden Street Books has survived recessions, online retail and a flood, and its owner says the next chapter is about events.",
		Category: "business",
		Tags:     []string{"Small Business", "Books", "Linden Heights"},
		Authors:  []string{"helen-marsh"},
		Body: `When Agnes Holroyd opened Linden Street Books forty years ago, she had borrowed money from her brother, stocked the shelves largely from house clearances and auctions, and assumed she would be lucky to last five years. This weekend the shop will celebrate its fortieth birthday with a street party, readings by local authors and, Holroyd promises, a very large cake.

The shop has outlasted two recessions, the arrival of online retail, the closure of two chain bookshops in the city centre and a flood in 2009 that ruined most of its stock. Holroyd, now seventy-one, still works behind the counter four days a week, alongside her daughter Frances and three part-time booksellers. The shop has expanded only once, in 1991, when it took over the former ironmonger's next door.

"People have told me every decade that bookshops are finished," she said. "What they forget is that a bookshop is not just a place to buy books. It's somewhere to be in the company of other people who like reading. You can't get that delivered."

> "The flood was the worst week of my working life. The week after was the best, because half the street turned up to help us dry out," said Holroyd.

In recent years the shop has leaned heavily on events, hosting author talks, a children's story hour and four book groups that meet in the back room. Frances Holroyd said events now account for around a fifth of the shop's turnover through ticket sales and signed copies. The shop's [events calendar](https://example.com/linden-street-books/events) lists more than thirty talks planned for the year ahead, including several by first-time local writers.

The anniversary celebration begins at eleven on Saturday, when Linden Street will be closed to traffic between the post office and the bakery. Local authors including crime novelist Desmond Achterberg and children's writer Ola Finnerty will read from their work, and the shop will donate a tenth of the day's takings to the Port Alder Public Library's adult literacy programme, a cause Holroyd has supported for many years.`,
		Comments: []commentSpec{
			{
				Name:  "Coralie Baptiste",
				Email: "coralie.baptiste@example.com",
				Body:  "Agnes sold me my first grown-up novel when I was twelve and I still have it. Happy fortieth to the best shop in the city.",
			},
			{
				Name:  "Hollis Wade",
				Email: "hollis.wade@example.com",
				Body:  "The back room book group kept me sane the year I moved here. Looking forward to the street party.",
			},
		},
	},
	{
		Headline: "Port Alder Swimmer Qualifies for National Open Water Championships",
		Dek:      "Nineteen-year-old Ellie Marston finished second in a gruelling five-kilometre qualifier in choppy conditions.",
		Category: "sport",
		Tags:     []string{"Swimming", "Youth Sport"},
		Authors:  []string{"ruth-amundsen"},
		Dateline: "WESTERLY",
		Body: `Ellie Marston, a nineteen-year-old from Kestrel Point, has qualified for the national open water swimming championships after finishing second in a five-kilometre qualifying race off Westerly beach on Sunday. She completed the course in one hour, four minutes and twelve seconds, less than ten seconds behind the winner and well clear of the rest of the field.

Conditions were difficult, with a strong onshore breeze creating a swell that slowed the field and forced organisers to shorten the warm-up. Marston, who trains with Port Alder Swimming Club, sat in the leading group for most of the race before breaking clear with two others on the final lap, as several more experienced swimmers struggled with the waves.

"The last lap was pure survival," Marston said. "The waves were coming from the side and you couldn't see the buoys half the time. I just kept telling myself that everyone else was finding it as hard as I was."

Her coach, former international swimmer Dominic Lusk, said Marston had transformed her training over the winter, swimming in the sea three mornings a week even in the coldest months. "Open water is about more than fitness. It's about staying calm when things get messy, and Ellie has that," he said. "She doesn't waste energy worrying about what she can't control."

Marston, who is studying sports science at Greywater University, started swimming at the Eastbank leisure centre aged six and only switched to open water events three years ago, after a friend persuaded her to enter a charity swim across the harbour. The club has set up a [fundraising page for her travel costs](https://example.org/pa-swimming-club/support-ellie) to help cover accommodation and equipment ahead of the championships.

The national championships take place in August. The top three finishers in the senior race will be considered for selection for international open water events next season, and Lusk said Marston would spend the summer training in lakes as well as the sea to prepare for different conditions. Her clubmates are planning a sponsored relay swim across the harbour in July to add to the fund.`,
	},
	{
		Headline: "Volunteer Ferry Ambassadors Return for the Summer Tourist Season",
		Dek:      "Forty volunteers will greet visitors at the ferry terminal and help them find their way around the city.",
		Category: "local",
		Tags:     []string{"Tourism", "Volunteers", "Harbour"},
		Authors:  []string{"owen-brackley"},
		Body: `Visitors arriving at Port Alder's ferry terminal this summer will once again be greeted by the city's volunteer ambassadors, a team of forty residents in bright blue jackets who offer directions, recommendations and the occasional history lesson to new arrivals. The scheme, now in its fourth year, began its season on Saturday as the first of the summer sailings docked from the islands.

The ambassadors work shifts of three to four hours at the terminal and at information points in Harbour Square and outside the railway station. Last year they answered more than 38,000 questions, according to the [tourism office's summary of the scheme](https://example.net/visit-greywater/ambassadors-report) with the most common requests concerning bus times, toilets and where to find good fish and chips.

"You get every kind of question, from where's the nearest cash machine to whether the lighthouse is haunted," said Elspeth Ruddock, a retired geography teacher who has volunteered since the scheme began. "I love it. You meet people from all over the world and send them off to enjoy the place you love."

> "The ambassadors are often the first people a visitor speaks to in Port Alder. That first conversation shapes how people feel about the whole city," said tourism manager Selma Crane.

Volunteers receive two days of training covering local history, transport, accessibility and basic first aid, and are given a handbook of frequently asked questions that is updated each spring. This year the training added a session on helping visitors with hidden disabilities, developed with the regional disability forum, and a walking tour of the Old Town led by a local historian.

The scheme is run by Visit Greywater and funded jointly by the tourism board and the harbour authority. Crane said the team was still looking for volunteers who speak languages other than English, particularly Spanish, German and Japanese, and that anyone interested could sign up at the tourism office in Harbour Square. Volunteers can choose as few as two shifts a month, and many fit the role around work or study.`,
	},
	{
		Headline: "Warmer Waters Bring Unfamiliar Fish Species to Local Nets",
		Dek:      "Skippers report more triggerfish and squid as scientists track rising sea temperatures off the Greywater coast.",
		Category: "science",
		Tags:     []string{"Fishing", "Climate", "Science"},
		Authors:  []string{"tomas-reyes-whitford", "ruth-amundsen"},
		Body: `Skippers working out of Port Alder say they are increasingly hauling up fish they rarely saw a decade ago, from grey triggerfish to large shoals of squid, as sea temperatures off the Greywater coast continue to rise. Some crews have begun adapting their gear and finding new buyers for species that local markets once ignored altogether.

Aled Pryce, who skippers the trawler Morning Star, said the change had been noticeable over the past five years. "When my father fished these waters, you might see a triggerfish once a season and everyone would come over to look at it," he said. "Now we get them most weeks in late summer, and nobody bats an eyelid."

## What the data show

Records kept by the regional fisheries science unit show average summer surface temperatures in nearshore waters have risen by about 0.8 degrees over thirty years. The unit's [latest species distribution review](https://example.org/greywater-fisheries/species-review) found that warm-water species are turning up earlier in the year and staying later, while some cold-water fish such as cod are now more often caught further offshore.

> "The sea is telling us a story, and the fishing fleet is reading it before anyone else," said fisheries scientist Dr. Lorraine Achebe.

Achebe said the changes brought both challenges and opportunities. Squid, which fetches good prices from restaurants, has become a valuable catch for some boats. But she cautioned that sudden shifts in stocks made it harder to set sustainable catch limits, and said the industry would need flexible management that could respond quickly to new data rather than waiting years for formal reviews. The unit plans to expand its sampling next year, with skippers recording sea temperatures on their own vessels using simple data loggers.

The Port Alder Fish Exchange has started running tasting events to encourage restaurants and shoppers to try less familiar species. Exchange manager Donal Creagh said triggerfish in particular had surprised customers. "Once people taste it, they come back for more. The problem is persuading them to try it the first time," he said.`,
		SourceName: "Coastal Press Wire",
		SourceURL:  "https://example.net/coastal-press-wire/warm-water-species",
		Comments: []commentSpec{
			{
				Name:  "Martin Quaile",
				Email: "martin.quaile@example.com",
				Body:  "Had triggerfish at the Exchange tasting evening last month. Firm and sweet, a little like crab. Highly recommended.",
				Replies: []commentSpec{
					{
						Name:    "Rosa Ventimiglia",
						Email:   "rosa.ventimiglia@example.org",
						Website: "https://example.org/rosa-cooks",
						Body:    "Agreed! I've started buying it whenever it's on the counter. It holds up really well on the grill.",
					},
				},
			},
			{
				Name:    "Jonah Abernethy",
				Email:   "jonah.abernethy@example.org",
				Website: "https://example.org/jonah-rides",
				Body:    "Interesting piece. It would be good to hear more from the scientists about what this means for the shellfish beds in the estuary, which seem more sensitive to temperature.",
				Replies: []commentSpec{
					{
						Name:  "Yusuf Erdem",
						Email: "yusuf.erdem@example.org",
						Body:  "The university gave a talk on exactly that at the central library last autumn. Worth looking out for if they repeat it.",
					},
				},
			},
		},
	},
	{
		Headline: "Muralists Transform Underpass Walls in Millbrook",
		Dek:      "Six artists spent three weeks covering a grey pedestrian tunnel with scenes from the neighbourhood's history.",
		Category: "culture",
		Tags:     []string{"Arts", "Millbrook", "Community"},
		Authors:  []string{"priya-castellan"},
		Body: `The pedestrian underpass beneath the ring road at Millbrook, long regarded by residents as one of the gloomiest corners of the city, has been transformed by a series of murals painted by six local artists over the past three weeks. The 80-metre tunnel, which links the Canal Street estate with Millbrook station, now glows with colour from end to end, and commuters have been stopping on their way to the trains to take photographs.

The murals depict scenes from the neighbourhood's past and present: the rope works that once employed hundreds of people along the canal, the market that still runs on Wednesdays, children swimming in the old lido and a long procession of dogs being walked to the park. Residents were invited to suggest subjects at a series of workshops held in the community hall during the winter.

"We asked people what Millbrook meant to them, and the same things kept coming up: the canal, the market, the lido and the dogs," said lead artist Keziah Lomax. "So that's what we painted. Several people have already found their own dogs on the wall, which was exactly the idea."

The project was funded through the city's neighbourhood improvement programme, which allocated $48,000 for the murals, new lighting and an anti-graffiti coating that allows paint to be washed off without damaging the artwork. The [programme's project page](https://example.org/port-alder/neighbourhoods/millbrook-underpass) shows the underpass before and after the work, along with the artists' original sketches and the suggestions collected at the workshops.

Local councillor Amara Nwosu-Byrne said the improved lighting was as important as the art. Several residents, particularly older people and women walking alone, had told her they avoided the underpass after dark and preferred to cross the ring road above it. "A tunnel that feels safe is a tunnel people use, and that means fewer people trying to dodge traffic on foot," she said.

The artists will lead a guided walk through the underpass on Saturday morning, explaining the stories behind each panel, followed by tea and cake at the Canal Street community hall. Lomax said the group hoped to work with pupils from Millbrook Primary on a smaller mural at the station entrance later in the year.`,
	},
	{
		Headline: "Election Office Recruits Poll Workers Ahead of Eastbank By-Election",
		Dek:      "Around 120 people are needed to staff polling stations and count votes after the resignation of a ward councillor.",
		Category: "politics",
		Tags:     []string{"Elections", "Eastbank", "City Council"},
		Authors:  []string{"helen-marsh"},
		Body: `Port Alder's election office is recruiting around 120 poll workers for the Eastbank ward by-election next month, triggered by the resignation of Councillor Hugh Pennant, who stepped down in March after taking a job overseas. The office says it is particularly keen to hear from people who have never worked at an election before, and from residents who speak more than one language.

Returning officer Margot Ellery said the number of experienced poll workers had fallen in recent years as long-serving volunteers retired. "We've had people who've worked every election for thirty years, and we are enormously grateful to them, but we need a new generation to learn the job," she said.

Roles available include:

- presiding officers, who run a polling station for the day
- poll clerks, who check voters against the register and issue ballot papers
- count assistants, who sort and count ballot papers in the evening
- polling station inspectors, who visit stations during the day

All roles are paid, with rates published on the [election office's recruitment page](https://example.org/port-alder/elections/poll-workers) and full training is provided in the fortnight before polling day. Applicants must be at least eighteen, and poll clerks and presiding officers cannot be members of a political party or involved in any campaign. Polling stations open at seven in the morning and close at ten at night, so most roles involve a long but well-supported day.

> "Running a polling station is one of the most satisfying days you can spend as a citizen. You see democracy happen, one voter at a time," said Ellery.

Five candidates have been confirmed for the by-election, and the close of nominations passed on Friday without any challenges to the papers submitted. The office will write to every registered voter in the ward with details of their polling station, and postal vote applications must be received at least eleven working days before polling day. Ellery said residents who had recently moved into the ward should check that they are registered at their new address.`,
	},
	{
		Headline: "Fish Market Traders Adapt to Changing Catch and Rising Costs",
		Dek:      "Fuel prices and shifting stocks are reshaping what is sold at the Port Alder Fish Exchange, and for how much.",
		Category: "business",
		Tags:     []string{"Fishing", "Economy", "Harbour", "Small Business"},
		Authors:  []string{"owen-brackley", "tomas-reyes-whitford", "priya-castellan"},
		Dateline: "PORT ALDER",
		Body: `Before dawn on most weekdays, buyers gather on the concrete floor of the Port Alder Fish Exchange to bid for the night's catch. The ritual has changed little in decades, but what is being sold, and the prices it fetches, have shifted markedly over the past five years, according to traders and figures published by the exchange. The exchange handles the catch of around forty boats, most of them family-owned.

Higher fuel costs have led some boats to make fewer, longer trips, while changes in where fish are found have altered the mix of species landed. The exchange's [annual landings summary](https://example.com/pa-fish-exchange/landings-annual) shows a steady fall in cod and haddock alongside sharp increases in squid and hake, species that were once a sideline for most of the local fleet.

| Species | Landed five years ago (tonnes) | Landed last year (tonnes) | Average price per kilo |
| --- | --- | --- | --- |
| Cod | 410 | 265 | $9.80 |
| Haddock | 350 | 240 | $7.60 |
| Hake | 120 | 310 | $6.40 |
| Squid | 45 | 190 | $11.20 |

"You adapt or you go under. That's always been true in this trade, but the pace of change now is something else," said Donal Creagh, who manages the exchange. He said several long-established buyers had changed their business models, moving away from supplying supermarkets and towards selling directly to restaurants willing to put unfamiliar fish on their menus.

> "My grandfather sold cod. My father sold cod. I sell whatever the boats bring in and then I work out how to cook it for people," said fishmonger Paulette Sandoval.

Sandoval, who runs a stall in the Quayside Market Hall, said customers had become more willing to experiment, but that price remained the biggest barrier. Fuel surcharges and higher ice and transport costs had pushed up prices across the board, she said, even for fish that are now far more plentiful than they were. Some of her regular customers now ask each week what is new on the counter, and she keeps a stack of handwritten recipe cards for less familiar species.

The exchange is planning a refurbishment of its cold store later this year, funded partly by a regional fisheries grant. Creagh said the work would cut energy bills by around a third and allow the exchange to hold fish for longer when prices fall, giving boats a better return on a glut.`,
		Comments: []commentSpec{
			{
				Name:  "Walt Ennis",
				Email: "walt.ennis@example.org",
				Body:  "Interesting table. I hadn't realised hake landings had more than doubled. Is that because more boats are targeting it, or because there is simply more of it about?",
				Replies: []commentSpec{
					{
						Name:    "Graham Pellew",
						Email:   "graham.pellew@example.net",
						Website: "https://example.net/pellew-photos",
						Body:    "A bit of both, from what the skippers I know say. The hake has moved north and some boats have changed their nets to catch it.",
						Replies: []commentSpec{
							{
								Name:  "Walt Ennis",
								Email: "walt.ennis@example.org",
								Body:  "Thanks, that makes sense. I'll look out for it at the market.",
								Replies: []commentSpec{
									{
										Name:    "Rosa Ventimiglia",
										Email:   "rosa.ventimiglia@example.org",
										Website: "https://example.org/rosa-cooks",
										Body:    "Hake is brilliant in a stew with tomatoes and fennel if you need an idea. Much cheaper than cod at the moment, too.",
									},
								},
							},
						},
					},
				},
			},
			{
				Name:  "Sunita Rao",
				Email: "sunita.rao@example.net",
				Body:  "Paulette's stall is a gem. She always tells you how to cook whatever you buy.",
			},
		},
	},
	{
		Headline: "Greywater Rugby Club Unveils Plans for Women's First Team",
		Dek:      "The club hopes to enter a women's fifteen-a-side team in the regional league by the start of next season.",
		Category: "sport",
		Tags:     []string{"Rugby", "Women's Sport", "Youth Sport"},
		Authors:  []string{"owen-brackley"},
		Body: `Greywater Rugby Football Club has announced plans to field a women's first team for the first time in its 110-year history, with the aim of entering the regional women's league at the start of next season. The club will hold open training sessions on Wednesday evenings throughout the summer for anyone interested in playing, whatever their age or experience.

The move follows rapid growth in the club's girls' sections, which now have more than seventy players between the ages of eleven and eighteen. Club chair Colm Devereux said several of those players were approaching adult rugby with nowhere to go locally. "We were training talented young women for years and then watching them leave to play elsewhere. That didn't make sense," he said.

> "A club that only caters for half its community isn't really a community club," said Devereux.

The team will be coached by former international scrum-half Kerry Vanstone, who moved to the area last year and has been helping with the club's under-18 girls. She said the open sessions would be aimed at complete beginners as well as experienced players returning to the game. "You don't need to have played before. You need boots, a gum shield and a willingness to get muddy," she said.

The club has applied for a grant from the regional sports council to fund new changing facilities, as the current clubhouse has only two changing rooms, built in the 1970s and shared between all of its teams. Details of the sessions and the grant application are on the [club's women's rugby page](https://example.net/greywater-rfc/womens-rugby) which also includes a short survey for potential players to register their interest.

Greywater is one of three clubs in the county planning new women's teams this year, alongside clubs in Saltcombe and Marrow Creek, raising hopes of local derby fixtures within the league's first season. Vanstone said the three clubs had already discussed sharing coaching sessions and arranging friendly matches over the summer so that new players could gain experience before competitive rugby begins.`,
		Comments: []commentSpec{
			{
				Name:  "Annika Sorel",
				Email: "annika.sorel@example.org",
				Body:  "Brilliant news. I played at university and gave up when I moved here because there was nowhere to play. See you on Wednesday.",
			},
			{
				Name:  "Ike Brannigan",
				Email: "ike.brannigan@example.net",
				Body:  "About time. The girls' sections have been the best thing about the club for years.",
			},
		},
	},
	{
		Headline: "Kestrel Point Community Garden Doubles in Size After Land Transfer",
		Dek:      "A neglected strip of railway land has been handed to local growers, who plan an orchard and accessible raised beds.",
		Category: "local",
		Tags:     []string{"Community", "Gardening", "Kestrel Point"},
		Authors:  []string{"ruth-amundsen"},
		Dateline: "KESTREL POINT",
		Body: `The Kestrel Point community garden has doubled in size after the regional rail operator agreed to hand over a neglected strip of land alongside the branch line on a twenty-five-year lease at a nominal rent. Volunteers spent the weekend clearing brambles, old fencing and a surprising number of abandoned shopping trolleys from the site, which had been fenced off and unused for more than a decade.

The garden was founded eight years ago by a group of neighbours on a former car park behind the Kestrel Point parade of shops. It now has fifty-two plot holders and a waiting list of more than eighty. Coordinator Maeve Tulley said the extra space would allow the group to shorten the wait and try several new projects.

"People have been waiting three or four years for a plot, which is a long time when you just want to grow a few tomatoes," Tulley said. "With the new land we can offer smaller starter plots, plant an orchard and build raised beds for people who can't kneel or who use a wheelchair."

The rail operator said the land was not needed for operational purposes and that leasing it to the garden would reduce its own maintenance costs. A wooden fence and a native hedge will separate the garden from the railway line. Plans for the new section, including the layout of the orchard, are shown in the [garden's published site plan](https://example.com/kestrel-growers/site-plan) which residents can comment on until the end of the month.

The group has received donations of fruit trees from a nursery in Marrow Creek and a set of tools from a hardware shop in Eastbank, and a local builder has offered to lay a level path from the street so that the raised beds can be reached without steps. Volunteers are needed on Saturday mornings, and the garden's open day on the first Sunday of each month welcomes anyone who wants to look around, ask for advice or simply sit in the sun.`,
	},
	{
		Headline: "Port Alder General Hospital Opens Region's First Dedicated Sleep Clinic",
		Dek:      "The clinic aims to cut waiting times for diagnosis of sleep apnoea and other disorders from over a year to a few months.",
		Category: "science",
		Tags:     []string{"Health", "Science", "Greywater University"},
		Authors:  []string{"priya-castellan"},
		Body: `Port Alder General Hospital has opened the region's first dedicated sleep clinic, which doctors hope will sharply reduce waiting times for patients with conditions such as obstructive sleep apnoea and chronic insomnia. Until now, most patients from the Greywater region have had to travel more than two hours for overnight sleep studies, often waiting more than a year for an appointment.

The clinic, in a refurbished wing of the hospital's outpatient building, includes four bedrooms fitted with monitoring equipment where patients can spend the night while sensors record their breathing, heart rate, oxygen levels and brain activity. Many patients will instead be offered home testing kits, which can be collected from the hospital and returned by post.

## Who it will help

Consultant respiratory physician Dr. Imogen Threlfall, who leads the clinic, said sleep apnoea in particular was widely underdiagnosed. "Many people put years of exhaustion down to stress or getting older, when there's a treatable condition underneath," she said. "Left untreated, it raises the risk of high blood pressure, heart problems and road accidents."

> "Sleep is not a luxury. It's as basic to health as eating and breathing, and we've neglected it for too long," said Threlfall.

The hospital's [clinic information page](https://example.org/pa-general-hospital/services/sleep-clinic) explains how patients can be referred, which in most cases will be through their family doctor. The clinic expects to see around 1,500 patients in its first year, and waiting times for a first appointment are expected to fall from more than twelve months to under three once the backlog of existing referrals has been cleared.

The clinic also includes a research programme run with Greywater University, looking at links between shift work and sleep disorders among port, hospital and fishing industry workers, groups whose working patterns often disrupt normal sleep. Researchers are seeking volunteers who work night shifts to take part in the study, which will involve wearing a small activity monitor for two weeks and keeping a simple sleep diary. Threlfall said the findings could help employers design shift patterns that are kinder to their staff.`,
	},
	{
		Headline: "Greywater Film Festival Opens With Documentary on Cannery Workers",
		Dek:      "Tin and Salt, made by a Port Alder director, tells the story of the women who worked in the city's last fish cannery.",
		Category: "culture",
		Tags:     []string{"Film", "History", "Festivals"},
		Authors:  []string{"tomas-reyes-whitford"},
		Body: `The Greywater Film Festival opened on Thursday evening with the premiere of Tin and Salt, a feature documentary about the women who worked at the Harbour Packing Company, Port Alder's last fish cannery, which closed in 1987. The screening at the Regent Picture House sold out within hours of tickets going on sale, and a queue for returns stretched along the street before the doors opened.

Director Siobhan Marchbank, who grew up in Eastbank, spent four years interviewing former cannery workers, many of them now in their eighties and nineties, and tracking down archive footage from family collections and the county film archive. Her own grandmother worked on the canning line for twenty-two years and appears briefly in a home movie shot at a works outing in the 1960s.

"These women kept this city fed, literally and financially, and almost nobody had ever asked them about it," Marchbank said before the screening. "Once they started talking, they didn't stop. The hard part was deciding what to leave out."

> "We worked hard, we laughed harder, and we never once smelled of anything but fish," one former worker says in the film, to loud laughter from the opening night audience.

Eleven of the women interviewed attended the premiere and received a standing ovation when they were invited on stage after the credits. The festival has arranged a second screening next week, and a free community screening at the Eastbank community centre, a short walk from the site of the old cannery, is planned for the autumn. Marchbank said she hoped to make the film available to schools, so that younger people in the city could hear the women's stories first-hand.

The festival runs for ten days and includes more than seventy films, from short student films to international features. Full details are in the [festival's programme guide](https://example.net/greywater-film/programme) and a festival pass costs $85. Festival director Aaron Whitlow said this year's programme had a deliberate focus on working lives and coastal communities, with several films made in the region by first-time directors.`,
		Comments: []commentSpec{
			{
				Name:  "Marguerite Dunlevy",
				Email: "marguerite.dunlevy@example.org",
				Body:  "I was at the premiere. Not a dry eye in the house when the women came on stage. Please give it a wider release.",
			},
			{
				Name:  "Lorna Fitch",
				Email: "lorna.fitch@example.com",
				Body:  "My aunt is in this film. She has been telling everyone she is a movie star now, and frankly she has earned it.",
			},
		},
	},
	{
		Headline: "Councillors Debate Limits on Short-Term Holiday Rentals in Old Town",
		Dek:      "A proposed 90-night annual cap on whole-home holiday lets drew support from residents and objections from hosts.",
		Category: "politics",
		Tags:     []string{"Housing", "Tourism", "City Council", "Old Town"},
		Authors:  []string{"priya-castellan", "owen-brackley"},
		Body: `Port Alder councillors spent more than three hours on Wednesday debating proposals to limit short-term holiday rentals in the Old Town and Quayside districts, where the number of homes listed for holiday lets has tripled in six years. No vote was taken, but the debate revealed sharp divisions in the chamber and drew a large crowd to the public gallery.

The proposals, drawn up by the council's housing committee, would cap whole-home short-term lets at ninety nights a year unless the owner obtains planning permission for a change of use. Hosts renting out a room in a home they live in would be exempt. The [housing committee's report](https://example.org/port-alder/housing/short-term-lets-report) estimates that around 420 homes in the two districts are currently let to holidaymakers for most of the year.

## Residents and hosts divided

Residents' groups in the Old Town argued that holiday lets had hollowed out their streets. "On my road, six of the eleven houses are empty for half the week," said Harriet Sowerby of the Old Town Residents' Association. "We've lost neighbours, we've lost the corner shop, and the school has lost pupils."

> "I understand the frustration, but many of us are local people who depend on this income, and we are being treated as the problem," said host Leonie Cardew.

Hosts and tourism businesses warned that a strict cap would reduce visitor accommodation during the busy summer months, when the city's hotels are often full. The Greywater Holiday Hosts group said it supported registration and safety checks but believed a ninety-night limit was too low and would push some owners to sell up or leave their properties empty. It also argued that many holiday lets had been empty or run-down before they were converted.

Councillor Desmond Pryor said the council would consider amendments, including a higher cap during the summer season and an annual registration fee to pay for enforcement. A revised proposal is expected to come back to the full council in two months, after a further round of consultation with residents, hosts and tourism businesses.`,
		Comments: []commentSpec{
			{
				Name:  "Tom Hatherley",
				Email: "tom.hatherley@example.com",
				Body:  "I live in the Old Town and can confirm the street is very quiet midweek. A registration scheme at the very least seems sensible.",
				Replies: []commentSpec{
					{
						Name:  "Kit Farrand",
						Email: "kit.farrand@example.net",
						Body:  "I host a flat in Quayside and I'd support registration too. It's the ninety-night cap that worries me. A summer exception would make a huge difference.",
						Replies: []commentSpec{
							{
								Name:  "Tom Hatherley",
								Email: "tom.hatherley@example.com",
								Body:  "That sounds like a reasonable compromise, as long as the homes are available to rent long-term for the rest of the year.",
							},
						},
					},
				},
			},
			{
				Name:  "Bev Tranter",
				Email: "bev.tranter@example.com",
				Body:  "The committee report is worth reading in full. The number of listed homes went from about 140 to 420, which is a big change for two small districts.",
			},
		},
	},
	{
		Headline: "Tidemark Analytics Moves Headquarters to Converted Harbour Warehouse",
		Dek:      "The marine data company, founded by two university researchers, now employs 65 people and plans to double in size.",
		Category: "business",
		Tags:     []string{"Technology", "Jobs", "Harbour"},
		Authors:  []string{"tomas-reyes-whitford"},
		Dateline: "PORT ALDER",
		Body: `Tidemark Analytics, a company that sells weather and sea-state forecasts to shipping firms and offshore engineers, has moved its headquarters into a converted nineteenth-century grain warehouse on the north quay. The move brings all sixty-five staff under one roof for the first time since the company was founded six years ago, after a period in which teams were spread across three rented offices in the city centre.

The firm was set up by Ravi Denholm and Corinna Plaskett, who met as researchers in the oceanography department at Greywater University. Their software combines satellite data, wave buoys and machine learning to predict sea conditions at specific locations up to ten days ahead, and is now used by clients in fourteen countries, from ferry operators to wind farm builders.

"We could have moved to a bigger city, and people did ask why we didn't," Denholm said. "But our whole business is about the sea, and we are next to the sea. We can see the conditions we're forecasting out of the window, and our staff can still afford to live here."

The warehouse, which had stood empty since the 1990s, was restored by a local developer with support from the city's heritage regeneration fund. The building retains its original timber beams and cast iron columns, and the company's [announcement of the move](https://example.com/tidemark/news/new-headquarters) describes plans to open a ground floor cafe to the public and to host free evening talks on marine science.

Plaskett said the company expected to grow to around 130 staff within three years, with most new jobs in software engineering and data science. It has also set up a paid internship programme for students from the university and Port Alder College, taking twelve interns this summer, and plans to offer a small number of apprenticeships for school leavers from next year.

The city's head of economic development, Yolanda Fairweather, said the move showed that the harbour's historic buildings could house new industries. "This warehouse once stored grain for ships. Now it stores data about the sea. That feels like a fitting next chapter," she said.`,
	},
	{
		Headline: "Youth Cricket League Draws Record Sign-Ups Ahead of New Season",
		Dek:      "More than 600 young players have registered with the Alder Valley Junior Cricket League, including its first girls' division.",
		Category: "sport",
		Tags:     []string{"Cricket", "Youth Sport", "Community"},
		Authors:  []string{"ruth-amundsen", "owen-brackley"},
		Body: `The Alder Valley Junior Cricket League has recorded its highest number of registrations, with more than six hundred players aged eight to seventeen signing up for the season that starts next weekend. For the first time the league will run a separate girls' division, with eight teams drawn from six clubs across Port Alder and the surrounding towns.

League organiser Farida Haque said the growth had come from new schools programmes and a series of free taster sessions held in parks last summer. "We took cricket to where the children already are, rather than waiting for them to find us," she said. "Half our new players had never held a bat before last year."

> "The best thing I've seen this spring is a group of ten-year-olds arguing about the lbw law with total seriousness," said Haque.

The surge has put pressure on facilities. The league uses eleven grounds across the region, but several lack practice nets or adequate changing rooms, and some matches will be played on artificial pitches in public parks. According to the [league's facilities review](https://example.org/avjcl/facilities-review) three clubs urgently need new nets to cope with demand, and the league is applying for grants to help pay for them.

Clubs are also looking for more volunteer coaches and umpires. Haque said parents who could spare a few hours a week were especially welcome, and that the league would pay for coaching courses for new volunteers. "You don't have to be a former player. You just need to be patient and turn up," she said.

The girls' division has been welcomed by clubs including Port Alder Cricket Club, whose under-13 girls' captain, twelve-year-old Isla Brennan, said she was excited to play against other girls' teams after two seasons in mixed sides. "Before, I was usually the only girl on the pitch. Now there will be a whole league of us," she said. The opening fixtures will be played on Saturday morning, with a festival day for the youngest players at the Harbour Road ground.`,
	},
	{
		Headline: "Port Alder Marks Centenary of the Great Harbour Fire",
		Dek:      "Descendants of firefighters and dockworkers gathered on the quay for a memorial service and the unveiling of a new plaque.",
		Category: "local",
		Tags:     []string{"History", "Heritage", "Harbour", "Community"},
		Authors:  []string{"helen-marsh", "tomas-reyes-whitford", "ruth-amundsen"},
		Body: `Several hundred people gathered on the north quay on Sunday to mark the hundredth anniversary of the Great Harbour Fire, which destroyed much of Port Alder's waterfront in a single night and left more than two thousand people homeless. The ceremony included a minute's silence, a wreath-laying and the unveiling of a bronze plaque listing the fourteen people who died.

The fire began in a timber yard close to the present-day ferry terminal and spread quickly through warehouses, workshops and tightly packed housing, fanned by a strong easterly wind. Firefighters from as far away as Dunmore Cross fought the blaze through the night, while dockworkers formed long chains of buckets from the harbour to protect the streets behind the quay. Many families lost everything they owned, and some lived in tents on the common for months.

## Rebuilding the waterfront

The disaster reshaped the city. Much of the Quayside district that residents know today, including the Customs House and the market hall, was built in the years after the fire under strict new building regulations. Local historian Edwin Morrow said the fire marked the beginning of modern Port Alder. "Almost everything you see on the waterfront is a response to that night," he said.

> "My great-grandfather carried water from the harbour until his hands bled. I wanted my children to stand here and know that," said Hester Dunbar, whose family attended the ceremony.

The Alder Maritime Museum has opened a small exhibition to accompany the anniversary, featuring photographs, fire brigade records and objects recovered from the ruins. The museum has also published an [online archive of survivors' accounts](https://example.com/alder-maritime/harbour-fire-100) collected by a local newspaper in the weeks after the fire and transcribed by volunteers over the past year.

The city fire service marked the anniversary with a display of historic engines on Harbour Square, and Chief Fire Officer Marcus Penhaligon laid a wreath on behalf of today's firefighters. The plaque has been installed on the wall of the Customs House, facing the water, close to where the bucket chains are thought to have formed.`,
		Comments: []commentSpec{
			{
				Name:  "Peggy Llewellyn",
				Email: "peggy.llewellyn@example.net",
				Body:  "A very moving ceremony. The survivors' accounts in the online archive are extraordinary and well worth an evening of reading.",
				Replies: []commentSpec{
					{
						Name:  "Walt Ennis",
						Email: "walt.ennis@example.org",
						Body:  "Agreed. I found my great-uncle's name in one of them. Thank you to the volunteers who transcribed them.",
					},
				},
			},
			{
				Name:  "Fergus Doyle",
				Email: "fergus.doyle@example.net",
				Body:  "I never knew the market hall was built after the fire. You learn something new every day.",
			},
		},
	},
	{
		Headline: "Solar Panels Planned for Municipal Depot and Bus Garage Roofs",
		Dek:      "The two installations would supply about a third of the power used at the city's vehicle depots, officials say.",
		Category: "science",
		Tags:     []string{"Energy", "Climate", "City Council"},
		Authors:  []string{"owen-brackley"},
		Dateline: "PORT ALDER",
		Body: `Port Alder City Council is planning to install solar panels on the roofs of its main municipal depot and the Harbour Road bus garage, in a project officials say would generate about a third of the electricity used at the two sites. Planning applications were submitted on Thursday, and a decision is expected within eight weeks. The council says the panels would not be visible from the street at either site.

The two roofs together cover more than 9,000 square metres and would hold around 3,400 panels. The council's sustainability officer, Joel Akers, said the depots were ideal sites because their large, flat roofs were not overlooked and the buildings used most of their power during daylight hours, when the panels generate the most electricity.

"These are big, plain buildings that have sat there soaking up sunshine for decades without doing anything with it," Akers said. "As we move more of our own vehicles and the bus fleet to electric power, being able to generate some of that electricity ourselves makes financial sense as well as environmental sense."

The project is expected to cost $3.8 million, with payback estimated at around nine years based on current electricity prices. The [council's energy strategy](https://example.net/port-alder/energy/strategy) sets a goal of generating a quarter of the electricity used by council buildings from on-site renewables by the end of the decade, and officials say the depot project alone would move the council about halfway towards that target.

Alder Valley Regional Transit, which leases the bus garage from the council, said it supported the project and was separately looking at battery storage, so that electric buses could be charged overnight using power stored during the day. The transit authority currently runs eighteen electric buses and plans to add twelve more next year.

If planning permission is granted, installation could begin in the autumn and take around four months, with work scheduled to avoid disrupting bus services. The council has also asked officers to survey other council-owned roofs, including schools and leisure centres, for future projects.`,
		SourceName: "Tideline Public Radio",
		SourceURL:  "https://example.com/tideline-radio/news/depot-solar-plans",
	},
	{
		Headline: "Choir of Retired Dockworkers Records Its First Album",
		Dek:      "The Slipway Singers, formed in a harbour social club twelve years ago, recorded fourteen songs in a converted chapel.",
		Category: "culture",
		Tags:     []string{"Music", "Harbour", "Community"},
		Authors:  []string{"ruth-amundsen"},
		Body: `The Slipway Singers, a choir made up mostly of retired dockworkers, crane drivers and ship repairers, has recorded its first album, a collection of fourteen songs ranging from traditional sea shanties to hymns and a few surprising pop covers. The album will be launched with a concert at the Harbour Social Club next Friday, where the choir first began.

The choir started twelve years ago when a handful of retired men from the docks began singing together after the weekly quiz at the social club. It now has thirty-one members, including six women who worked in the harbour offices and the ship chandlery, and rehearses every Tuesday evening in the club's upstairs function room. New members are always welcome, and Penwarden said nobody needs to be able to read music.

"Most of us never sang a note in public until we retired. Now you can't stop us," said the choir's chairman, former crane driver Bill Ashcombe, who is eighty-one. "Some of these songs we used to sing at work, under our breath, when the foreman wasn't listening."

> "There's a kind of sound you only get from people who spent forty years shouting over machinery. It's big, it's rough, and it's completely honest," said musical director Carys Penwarden.

The album was recorded over three days in a converted chapel in Hollins Bay that now serves as a recording studio, with the engineer donating his time. Copies are available on CD from the social club, and the songs can also be heard on the choir's [album listening page](https://example.org/slipway-singers/album) alongside photographs taken during the sessions and short notes on the history of each song.

Proceeds from album sales will go to the choir's travel fund and to a charity that supports former port workers living with industrial lung disease, a cause several members know personally. Penwarden said the choir had been invited to sing at a maritime festival in the north later this year, its first performance outside the region, and that members were already arguing cheerfully about which songs to take.`,
		Comments: []commentSpec{
			{
				Name:  "Hollis Wade",
				Email: "hollis.wade@example.com",
				Body:  "My dad sings with the Slipways and has been unbearable about this album for months, in the nicest possible way. So proud of them all.",
				Replies: []commentSpec{
					{
						Name:  "Coralie Baptiste",
						Email: "coralie.baptiste@example.com",
						Body:  "We heard them at the Christmas market and they were fantastic. Will definitely buy a copy.",
						Replies: []commentSpec{
							{
								Name:  "Hollis Wade",
								Email: "hollis.wade@example.com",
								Body:  "Thank you! I'll tell him, he'll be delighted.",
							},
						},
					},
				},
			},
			{
				Name:  "Nadia Kovalenko",
				Email: "nadia.kovalenko@example.com",
				Body:  "Lovely that the proceeds go to the lung disease charity. A very fitting choice.",
			},
		},
	},
	{
		Headline: "Regional Water Authority Proposes Tiered Pricing to Curb Summer Demand",
		Dek:      "Households using more than a set amount of water would pay a higher rate under a plan now out for consultation.",
		Category: "politics",
		Tags:     []string{"Water", "Greywater County", "Climate"},
		Authors:  []string{"tomas-reyes-whitford", "helen-marsh"},
		Dateline: "MARROW CREEK",
		Body: `The Greywater Water Authority has proposed a tiered pricing system under which households would pay more per litre once their use passes a set threshold, in an effort to reduce peak demand during increasingly dry summers. The proposal was presented to the authority's board at its offices on Thursday and will now go out to public consultation.

Under the plan, each household would receive a basic allowance priced at a lower rate than the current tariff, with two higher tiers applying to additional use. The authority says around seven in ten households would pay the same or less than they do now, while the highest users, often homes with large gardens or swimming pools, would pay noticeably more.

Director Paul Ostrander said the reservoir at Marrow Creek had fallen below sixty percent of capacity in each of the past three summers. "We have enough water for everyone's needs. What we struggle with is everyone's wants, all at the same time, on the hottest week of the year," he said.

> "We would much rather change how people use water through price signals than through hosepipe bans," Ostrander told the board.

Consumer groups have given the plan a mixed response. The Greywater Consumers' Forum said tiered pricing was fairer in principle but warned that larger families could be penalised if allowances did not take household size into account. The authority's [consultation document](https://example.org/greywater-water/tiered-pricing-consultation) proposes extra allowances for households of five or more people and for those with medical needs that require additional water.

The consultation runs for twelve weeks and includes public meetings in Port Alder, Marrow Creek, Saltcombe and Westerly. If approved, the new tariffs would not take effect until smart meters have been installed in most homes, which the authority expects to complete within two years. Ostrander said customers would receive a comparison of their current and future bills at least six months before any change. The authority is also expanding a scheme that offers free water-saving devices, including shower heads and garden water butts, which it says has already been taken up by more than four thousand homes.`,
	},
	{
		Headline: "Tourism Board Reports Strong Rise in Off-Season Visitors",
		Dek:      "Visitor numbers between November and March were up 18 percent, helped by events, walking holidays and conference bookings.",
		Category: "business",
		Tags:     []string{"Tourism", "Economy"},
		Authors:  []string{"priya-castellan"},
		Body: `Port Alder and the surrounding Greywater coast attracted 18 percent more visitors between November and March than in the same period a year earlier, according to figures released by the regional tourism board, Visit Greywater. The board said the growth showed that years of effort to spread tourism across the calendar were finally beginning to pay off.

Selma Crane, the board's director, said the winter lights trail in Harbour Square, a new programme of guided coastal walks and an increase in conference bookings at the Customs House had all contributed. "For years, this coast more or less closed down after October. We've shown that people will come in winter if there is something to come for," she said.

The figures, published in the [board's winter visitor report](https://example.net/visit-greywater/reports/winter-visitors) show that hotel occupancy in Port Alder averaged 61 percent over the five months, compared with 52 percent a year earlier. Spending by visitors was estimated at $74 million, an increase of about a fifth, with restaurants and guest houses reporting the biggest gains.

Businesses said the change was making a real difference to their finances. Ahmed Lascelles, who runs a guest house in Saltcombe, said he had kept two staff employed through the winter for the first time. "It means I keep good people instead of losing them every October and training new ones every spring," he said.

Not all areas have benefited equally. The report notes that visitor numbers in smaller inland villages were flat, and that most of the growth was concentrated in Port Alder and the larger coastal towns. Crane said the board would work with inland communities on events and walking routes for next winter, including a trail linking village pubs and farm shops. Inland parish councils have welcomed the offer but say better winter bus services would help them most.

The board also cautioned that rising visitor numbers needed to be managed carefully, particularly in the Old Town, where the council is considering restrictions on short-term holiday lets and residents have raised concerns about parking and noise.`,
		SourceName: "Coastal Press Wire",
		SourceURL:  "https://example.net/coastal-press-wire/greywater-winter-tourism",
	},
	{
		Headline: "Veteran Goalkeeper Danny Roffey Announces Retirement After Sixteen Seasons",
		Dek:      "The Mariners' longest-serving player will hang up his gloves at the end of the season and join the club's coaching staff.",
		Category: "sport",
		Tags:     []string{"Football", "Mariners"},
		Authors:  []string{"owen-brackley"},
		Body: `Danny Roffey, the Port Alder Mariners goalkeeper who has made more appearances for the club than any other player, will retire at the end of the season after sixteen years in the first team. The 36-year-old announced his decision in a short video posted by the club on Tuesday morning, filmed in the empty stadium where he made his debut.

Roffey joined the Mariners' youth academy at the age of eleven and made his senior debut at nineteen, when the club was playing two divisions lower. He has since made 512 appearances, helped the side win two promotions and a regional cup, and kept 174 clean sheets, including a club record run of seven in a row during the promotion season eight years ago.

"I've been lucky enough to play for the only club I ever wanted to play for, in front of people I grew up with," Roffey said. "My knees have been telling me for a while that it's time. This season I finally started listening to them."

> "Danny has been the heartbeat of this dressing room for longer than I've been at the club. You don't replace someone like that, you just try to live up to him," said manager Ken Arbuthnot.

Roffey will join the club's coaching staff next season as goalkeeping coach for the academy and first team. He said he was looking forward to working with young goalkeepers, including eighteen-year-old Tom Ashdown, who has made four first-team appearances this season and is widely expected to become the new number one. Arbuthnot said the club had no plans to sign an experienced replacement and would instead give Ashdown the chance to earn the shirt in pre-season.

The club will mark Roffey's final home match, against Saltcombe Town next month, with a guard of honour and a lap of appreciation. Supporters can leave messages for him on the [club's tribute page](https://example.com/pa-mariners/roffey-tribute) and the club has announced that the goalkeeper's number one shirt will not be issued to another player next season, in recognition of his service.`,
	},
	{
		Headline: "Night Bus Pilot Route Extended Through Autumn After Strong Demand",
		Dek:      "The N7 service between Quayside and Northgate has carried more than 14,000 passengers since it launched in January.",
		Category: "local",
		Tags:     []string{"Transport", "Quayside", "Northgate"},
		Authors:  []string{"tomas-reyes-whitford"},
		Dateline: "PORT ALDER",
		Body: `A pilot night bus service linking the Quayside entertainment district with Northgate, Fernhill and the hospital will keep running until the end of October, after carrying more than 14,000 passengers in its first three months. The N7 route had originally been due to end in June, and its future had looked uncertain until the transit board agreed the extension on Tuesday.

The service runs every forty minutes between eleven at night and five in the morning on Fridays and Saturdays, and hourly on other nights. Alder Valley Regional Transit introduced the route in January to serve hospitality workers, hospital staff on night shifts and people leaving bars and restaurants in the city centre.

## Who is using the service

According to the [transit authority's passenger survey](https://example.net/avrt/surveys/n7-pilot-interim) more than half of passengers on weeknights said they were travelling to or from work, with hospital staff and restaurant workers making up the largest groups. At weekends most passengers were returning home from an evening out, and the busiest single departure was the two o'clock bus from Harbour Square.

"Before the N7, I either paid for a taxi or walked forty minutes home after a late shift," said Amira Delacroix, a nurse at Port Alder General Hospital. "A taxi could take a third of what I earned that night. This bus has honestly changed my working life."

The transit authority said it would use the extra months to collect more data before deciding whether to make the route permanent and whether to add a second night route serving Eastbank and Kestrel Point. Operating the N7 costs around $16,000 a month, partly funded by a levy on late-night venues in the Quayside district that was agreed when the pilot began.

Venue owners say the service has also helped to shorten the queues for taxis at closing time. The Quayside Business Improvement District said fewer disputes had been reported at the taxi rank since the route began, and that staff leaving work late felt safer with a reliable way home.`,
	},
	{
		Headline: "Citizen Scientists Log Record Seal Pup Numbers on Outer Sandbars",
		Dek:      "Volunteers recorded 214 grey seal pups over the winter, with photo-identification helping to track individual mothers.",
		Category: "science",
		Tags:     []string{"Wildlife", "Science", "Volunteers"},
		Authors:  []string{"ruth-amundsen", "priya-castellan"},
		Body: `Volunteers with Greywater Seal Watch counted 214 grey seal pups on the Outer Sills sandbars over the winter, the highest total since the group began monitoring the colony fourteen years ago. The group's survey season ended last month, when the last of the pups left the sandbars for open water, and the final figures were confirmed at a volunteers' meeting on Monday.

Counts are carried out from boats kept at a safe distance and from a clifftop viewpoint at Westerly Head, using telescopes and long-lens cameras. Volunteers also photograph the distinctive markings on adult females' necks, which allow individual seals to be recognised from year to year and give researchers a picture of how long mothers live and how often they breed.

"Some of the same mothers have come back to the same sandbar every winter for more than a decade," said Seal Watch coordinator Ingrid Halvorsen. "We've given them names, which scientists sometimes frown on, but it helps our volunteers remember who's who. Old Marigold has had eleven pups that we know of."

> "Every pup on that sandbar is a sign that the waters around here can support a top predator, and that's good news for the whole ecosystem," said Halvorsen.

The photo-identification catalogue, which now includes more than 300 individual seals, has been shared with marine researchers at Greywater University. The [Seal Watch winter report](https://example.org/greywater-seal-watch/winter-report) notes that pup survival appeared high this year, helped by a relatively calm winter with fewer storms washing pups off the sandbars at high tide.

Halvorsen urged people visiting the coast to keep their distance from any seals on beaches, especially pups that may appear abandoned, because mothers often leave them alone for hours while feeding at sea. Anyone concerned about a seal is asked to call the Seal Watch hotline rather than approach the animal, and dogs should be kept on leads near known haul-out sites. Seal Watch is recruiting volunteers for next winter's survey and will hold an introductory evening at Westerly village hall in the autumn, with training in identification and safe boat handling.`,
		Comments: []commentSpec{
			{
				Name:    "Clare Moberly",
				Email:   "clare.moberly@example.net",
				Website: "https://example.net/moberly-garden",
				Body:    "We watched the seals from Westerly Head in January. The volunteers there were so patient explaining everything to our children. Thank you.",
			},
			{
				Name:    "Jonah Abernethy",
				Email:   "jonah.abernethy@example.org",
				Website: "https://example.org/jonah-rides",
				Body:    "Old Marigold now has a fan club in our house.\n\nEleven pups is quite a record.",
			},
		},
	},
	{
		Headline: "Open Studios Weekend Invites Visitors Into Artists' Workshops",
		Dek:      "More than ninety painters, potters, printmakers and woodworkers will open their doors across Port Alder and the coast.",
		Category: "culture",
		Tags:     []string{"Arts", "Community", "Festivals"},
		Authors:  []string{"priya-castellan"},
		Body: `More than ninety artists and makers across Port Alder and the Greywater coast will open their studios to the public over two weekends this month, offering visitors a rare look at the places where paintings, pots, prints and furniture are made. The event, now in its eleventh year, is free to attend and run entirely by volunteers.

Participating studios range from a glassblower's workshop in a former fire station in Millbrook to a printmaker working in a garden shed in Kestrel Point. Each venue displays a yellow flag outside when it is open, and a printed trail guide is available from libraries, cafes and the tourism office in Harbour Square.

Organiser Dafydd Maclaren, a ceramicist who works from a converted boathouse in Hollins Bay, said the event was about conversation as much as sales. "People are curious about how things are made, and artists spend a lot of time working on their own," he said. "For two weekends a year, those two things meet."

The trail is grouped into five areas, each of which can be explored in an afternoon on foot or by bike. The [open studios trail map](https://example.com/greywater-open-studios/trail-map) lists opening times, accessibility information and which studios offer demonstrations, workshops or activities for children, and can be downloaded to a phone for use without a signal.

Newcomers this year include a group of recent graduates from the art school at Greywater University, who are sharing a studio in a former shop unit on Wharf Street, and a boatbuilder who restores traditional wooden dinghies in Saltcombe. Several studios will offer short taster sessions, including wheel throwing, linocut printing and spoon carving, for a small fee. Booking is recommended for these sessions, as places filled quickly last year.

Maclaren said many artists relied on the event for a significant share of their annual income, and encouraged visitors to buy directly from makers where they could. "Even a card or a small print makes a difference, and you get to meet the person who made it," he said.`,
	},
	{
		Headline: "Old Town Clock Tower Chimes Again After Two-Year Restoration",
		Dek:      "The Victorian clock, silent since its mechanism failed, was restarted by the clockmaker who spent two years repairing it.",
		Category: "local",
		Tags:     []string{"Heritage", "Old Town", "Community"},
		Authors:  []string{"helen-marsh"},
		Dateline: "PORT ALDER",
		Body: `The bells of the Old Town clock tower rang out across Market Street at noon on Saturday for the first time in more than two years, as a crowd of several hundred people gathered to watch the restored clock restarted. The clock fell silent after its mechanism seized during a cold snap, and the tower was declared unsafe shortly afterwards when loose stones were found on the parapet.

The restoration was led by clockmaker Nils Farrow, whose workshop in Linden Heights has repaired church and civic clocks across the region for three generations. Farrow dismantled the mechanism, which dates from 1868, and rebuilt it piece by piece, replacing worn gear teeth and bearings while preserving as much of the original material as possible.

"A clock like this was built to run for centuries if it's looked after. It just hadn't been looked after for a while," Farrow said. "The hardest part wasn't the clockwork, it was waiting for the stonemasons to finish so I could put it back."

> "When it struck twelve, I think half the crowd checked their phones to see if it was right. It was, to the second," said Farrow.

The tower itself needed extensive repairs to its stonework and roof, carried out by a team of masons and funded through a combination of heritage grants and a public appeal that raised more than $180,000. The [appeal committee's final update](https://example.org/old-town-clock/appeal-update) thanks more than two thousand individual donors, including pupils from four local schools who held bake sales and sponsored walks.

The clock will now be wound automatically by a small electric motor, although Farrow will visit monthly to check and adjust it. The tower will be open for guided tours on the last Saturday of each month, allowing visitors to climb the narrow stairs to the clock room and see the restored mechanism at work. Tours are free but must be booked in advance, and because of the steep stairs they are not suitable for young children. The appeal committee said any surplus funds would go towards a maintenance fund for the clock.`,
		Comments: []commentSpec{
			{
				Name:  "Marguerite Dunlevy",
				Email: "marguerite.dunlevy@example.org",
				Body:  "I have lived on Market Street for thirty years, and the silence over the last two years felt strange. Hearing it again at noon made me a little tearful.",
			},
			{
				Name:  "Sunita Rao",
				Email: "sunita.rao@example.net",
				Body:  "My son's class raised money with a sponsored walk. He was very proud to hear it chime on Saturday.",
			},
		},
	},
}

// embedArticle shows embeds: a video and a map, each a link alone in its
// paragraph (see the README's "Embeds"). The map is a real stretch of
// coast standing in for Port Alder's; the video is Big Buck Bunny, an
// open film the Blender Foundation publishes on YouTube.
var embedArticle = articleSpec{
	Headline: "Harbour Film Club Opens Its Season With an Open-Source Classic on the Quay",
	Dek:      "The club's first outdoor screening of the year is a cartoon anyone may show, on a screen built by volunteers.",
	Category: "culture",
	Tags:     []string{"Film", "Quayside", "Volunteers"},
	Authors:  []string{"helen-marsh"},
	Dateline: "PORT ALDER",
	Body: `The Harbour Film Club will open its summer season on Friday evening with a free outdoor screening of Big Buck Bunny, the short animated film made by the Blender Foundation and released so that anyone may show it. Volunteers have spent three weekends building a twelve-metre screen from scaffolding and sailcloth on the old ferry apron.

"We wanted a first night that children and grandparents could enjoy together, and one we could show without a licence fee," said the club's secretary, Ruth Okafor. "The rest of the season pays for itself; this one is our present to the town."

[Big Buck Bunny, the film the club opens with](https://www.youtube.com/watch?v=aqz-KE-bpKQ)

The screen goes up at the end of the quay, where the apron meets the sea wall. Seating is on the benches the club has borrowed from the rowing club, and on blankets; the harbour authority has asked that nobody sit on the wall itself.

[Where the screen goes up](https://www.openstreetmap.org/?mlat=50.36480&mlon=-4.14010#map=17/50.36480/-4.14010)

Doors open at half past eight and the film starts at dusk. The club's programme for the rest of the summer is on [its website](https://example.org/harbour-film-club).`,
}

// The embed article is the second newest, so that it shows near the top
// of the front page.
func init() { demoArticles = slices.Insert(demoArticles, 1, embedArticle) }
